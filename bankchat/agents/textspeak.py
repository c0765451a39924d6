"""Text-speak spelled out before the classifier reads a message: "wat can u do" is "what can you do".

The classifier learned from written English (BANKING77, CLINC150, our own examples), where
"u", "ur" and "wat" hardly occur; customers type them all the time. Only whole words that
mean one thing in a banking chat and that the training data does not spell so are written
out (contractions without apostrophes, "whats", "dont", are in the training data as they
are: spelling them out made CLINC's in-scope accuracy worse). The classifier and the rules of
the understanding stage read the spelled-out text (the stage spells a message out once for
both); entities (amounts, names) read the message as it is.
"""

from __future__ import annotations

import functools
import re

from bankchat.bank import fuzzy

SPELLED_OUT = {
    "u": "you", "ur": "your", "r": "are", "wat": "what", "wot": "what", "wut": "what", "hw": "how", "cn": "can",
    "cud": "could", "wud": "would", "shud": "should", "pls": "please", "plz": "please", "thx": "thanks",
    "wen": "when", "abt": "about", "txn": "transaction", "txns": "transactions", "2day": "today",
    "2morrow": "tomorrow", "b4": "before", "gimme": "give me", "lemme": "let me",
    "evry": "every", "evrey": "every", "eveyr": "every", "wkly": "weekly", "mthly": "monthly", "mnthly": "monthly",
    "montly": "monthly", "frz": "freeze", "unfrz": "unfreeze", "bal": "balance", "acct": "account",
    "mnth": "month", "mnths": "months", "mth": "month", "mths": "months", "yr": "year", "yrs": "years",
}  # fmt: skip
_ALTERNATIVES = "|".join(sorted(map(re.escape, SPELLED_OUT), key=len, reverse=True))
_WORD = re.compile(rf"(?<![\w'£$€.])({_ALTERNATIVES})(?![\w'])")


KEY_WORDS = (
    "balance", "check", "transfer", "transaction", "transactions", "payment", "payments", "savings", "account",
    "statement", "freeze", "unfreeze", "card", "money", "salary", "refund", "declined", "overdraft", "withdrawal",
)  # fmt: skip
"""Words a banking request turns on: a typo of one ("chek my balnce") is read as the word (``bank.fuzzy``'s
rules: same first letter, one or two edits by length, real words like "chess" never taken for typos)."""
_TOKEN = re.compile(r"[a-z]+")


_LEADING_AND = re.compile(r"^\s*n\s+(?=[a-z])")
""" "n last month?": "and" (a lone "n" is a no, and stays one)."""


def spelled_out(text: str) -> str:
    """``text`` with text-speak written out and typos of the key words corrected (lower case, as the classifier
    reads anyway)."""
    written = _WORD.sub(lambda m: SPELLED_OUT[m.group(1)], _LEADING_AND.sub("and ", text.lower(), count=1))
    return _TOKEN.sub(lambda m: _corrected(m.group()), written)


@functools.lru_cache(maxsize=8192)  # customers' words repeat: each is weighed against the key words once
def _corrected(word: str) -> str:
    if len(word) < 4 or word in KEY_WORDS or word[:-1] in KEY_WORDS:  # a plural ("transfers") is no typo
        return word
    return fuzzy.nearest(word, KEY_WORDS) or word
