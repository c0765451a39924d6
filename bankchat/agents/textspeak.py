"""Text-speak spelled out before the classifier reads a message: "wat can u do" is "what can you do".

The classifier learned from written English (BANKING77, CLINC150, our own examples), where
"u", "ur" and "wat" hardly occur; customers type them all the time. Only whole words that
mean one thing in a banking chat and that the training data does not spell so are written
out (contractions without apostrophes, "whats", "dont", are in the training data as they
are: spelling them out made CLINC's in-scope accuracy worse). Only the classifier reads the
spelled-out text; entities (amounts, names) read the message as it is.
"""

from __future__ import annotations

import re

SPELLED_OUT = {
    "u": "you", "ur": "your", "r": "are", "wat": "what", "wot": "what", "wut": "what", "hw": "how", "cn": "can",
    "cud": "could", "wud": "would", "shud": "should", "pls": "please", "plz": "please", "thx": "thanks",
    "wen": "when", "abt": "about", "txn": "transaction", "txns": "transactions", "2day": "today",
    "2morrow": "tomorrow", "b4": "before", "gimme": "give me", "lemme": "let me",
}  # fmt: skip
_ALTERNATIVES = "|".join(sorted(map(re.escape, SPELLED_OUT), key=len, reverse=True))
_WORD = re.compile(rf"(?<![\w'£$€.])({_ALTERNATIVES})(?![\w'])")


def spelled_out(text: str) -> str:
    """``text`` with text-speak words written out in full (lower case, as the classifier reads anyway)."""
    return _WORD.sub(lambda m: SPELLED_OUT[m.group(1)], text.lower())
