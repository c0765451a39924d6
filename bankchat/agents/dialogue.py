"""Short answers inside a flow: yes, no, cancel, and everything that is neither.

Money moves and cards are blocked only on a clear yes: an unambiguous assent with nothing
else in it. A question ("yes?", "is that right?"), a hesitation ("ok wait", "not sure yet",
"let me think about it") or a condition ("yes but make it 50") is not one, whatever the
classifier thinks; only these rules decide.
"""

from __future__ import annotations

import re

from bankchat.agents.patterns import one_of

_ASSENT_WORDS = frozenset(
    {
        "yes", "yeah", "yea", "yep", "yup", "ya", "yah", "yh", "y", "ye", "yeh", "aye", "sure", "ok", "okay", "okey",
        "k", "kk",
        "confirm", "confirmed", "correct", "proceed", "absolutely", "affirmative", "definitely", "certainly",
        "alright", "fine",
    }
)  # fmt: skip
"""Words that say yes on their own."""
_FILLER_WORDS = frozenset(
    {
        "please", "pls", "plz", "thanks", "thank", "you", "ta", "cheers", "i", "do", "it", "go", "ahead", "send",
        "that", "thats", "that's", "is", "right", "looks", "sounds", "all", "of", "course", "me", "now", "then",
        "and", "thing", "perfect", "great", "good", "lovely", "cool", "for", "on", "im", "i'm", "am", "really",
        "genuine", "legit", "its", "it's",
    }
)  # fmt: skip
"""Words that may stand beside a yes without changing it ("yes please, go ahead")."""
_ASSENT_PHRASES = (
    "go ahead", "do it", "send it", "please do", "that's right", "thats right", "that is right",
    "sounds good", "looks good", "of course", "all good", "go for it", "go on",
)  # fmt: skip
"""Phrases that say yes although none of their words does alone."""
_ASSENT_EMOJI = frozenset({"👍", "✅", "👌"})

CANCEL_WORDS = r"cancel|stop|abort|forget it|never ?mind"
"""The words of a cancel, said first ("cancel it", "never mind")."""
_NO = re.compile(
    rf"^\s*(no|n|nope|nah|cancel( it| that| the transfer)?|{CANCEL_WORDS}|don'?t|do not|"
    r"no thanks|no,? cancel|(absolutely|certainly|definitely|of course|hell) not|hell no|no way)"
    r"\b[\s!.,]*([a-z ]{0,30})$",
    re.IGNORECASE,
)
_CANCEL = re.compile(rf"^\s*(no,? )?({CANCEL_WORDS})\b", re.IGNORECASE)
"""An explicit cancel, which a doubt beside it does not soften ("cancel it, not sure")."""
_HESITATES = one_of(
    r"wait|hold on|hang on|hold up|one sec|a sec(ond)?|a moment|a minute|sec|hmm+|umm*|erm+|uh+|not sure|unsure|"
    r"maybe|perhaps|let me (think|check|see)|think about it|dunno|don'?t know|not yet|later|thinking"
)
_CONDITION = one_of(r"but|if|unless|only|except|instead|actually|rather|change|make it|make that")
_CORRECTS = re.compile(
    r"\b(make (it|that|this)|instead|actually"
    r"|(change|update|amend|alter|edit|adjust|up|increase|raise|lower|reduce|decrease) "
    r"(it|that|the amount|the sum)|rather|sorry|i meant|i mean|not \S+ but)\b"
    r"|^\s*(no|yes)\b",
    re.IGNORECASE,
)
_EVERYTHING = one_of(r"both|all|everything|them all|all of (them|it)")
_NEGATED = re.compile(r"\b(no|not|don'?t|do not|never|nope|nah|cancel|stop|wait)\b|n't\b", re.IGNORECASE)
_STRETCHED = tuple(
    (re.compile(pattern), word)
    for pattern, word in ((r"\bye+s+\b", "yes"), (r"\bo+k+\b", "ok"), (r"\bye+a+h+\b", "yeah"), (r"\byu+p+\b", "yup"))
)
_WORD = re.compile(r"[a-z']+|[^\sa-z',.!]", re.IGNORECASE)


_ACKNOWLEDGEMENTS = frozenset({"ok", "okay", "okey", "k", "kk", "alright", "fine", "sure", "cool", "right", "thanks"})


def only_acknowledges(text: str) -> bool:
    """ "ok", "okay thanks", "sure": a yes by its words that may only mean "understood" (after "take your time")."""
    words = _WORD.findall(text.lower())
    return bool(words) and all(w in _ACKNOWLEDGEMENTS for w in words)


def is_yes(text: str) -> bool:
    """A clear yes with nothing else in it: no question, no hesitation, no condition."""
    text = text.strip()
    if not text or len(text) > 40 or "?" in text or _HESITATES.search(text) or _CONDITION.search(text):
        return False
    lowered = text.lower().replace("’", "'")
    for stretched, word in _STRETCHED:  # "yess", "okk", "yeahh"
        lowered = stretched.sub(word, lowered)
    words = _WORD.findall(lowered)
    if not words or any(w not in _ASSENT_WORDS and w not in _FILLER_WORDS and w not in _ASSENT_EMOJI for w in words):
        return False
    return any(w in _ASSENT_WORDS or w in _ASSENT_EMOJI for w in words) or any(p in lowered for p in _ASSENT_PHRASES)


def assents_to(text: str, phrases: tuple[str, ...]) -> bool:
    """Whether ``text`` tells us to do one of ``phrases`` ("block it") with no doubt, question, condition or "don't"."""
    lowered = text.lower()
    if not phrases or "?" in text or _HESITATES.search(text) or _CONDITION.search(text) or _NEGATED.search(text):
        return False
    return any(re.search(rf"\b{re.escape(phrase)}\b", lowered) for phrase in phrases)


_NO_I_MEAN = re.compile(
    r"^\s*(?:no+|nah|nope|sorry|oops)\b[\s,!.]*(?=(?:i\s+)?(?:mean|meant|just|only|actually)\b)", re.IGNORECASE
)


def meant_instead(text: str) -> str | None:
    """ "nah i mean just savings" with nothing waiting: a correction of the last question, what follows the no
    ("i mean just savings"); None for any other message."""
    said = _NO_I_MEAN.match(text)
    return text[said.end() :] if said and text[said.end() :].strip() else None


_NO_WORD = re.compile(r"^\W*(?:no+|nope|nah)\b[\s,!.-]*", re.IGNORECASE)
_DENIED = re.compile(
    r"\b(?:not|isn'?t|wasn'?t)\s+(?:(?:to|from|the|my)\s+)*[\w£.']+(?:\s+one)?\s*(?:,|;|-|\bbut\b)+\s*", re.I
)
"""A value named to be replaced by what follows ("not bob, priya", "not 30 but 35")."""


def after_no(text: str) -> str:
    """What follows a leading no ("no, to bob": "to bob"); empty when the message is no no or only a no."""
    said = _NO_WORD.match(text)
    return text[said.end() :].strip() if said is not None else ""


def explicitly_cancels(text: str) -> bool:
    """An explicit cancel ("cancel it", "no, stop"), which a value named beside it does not turn into a change."""
    return bool(_CANCEL.match(text)) or bool(_CANCEL.match(after_no(text)))


def without_denied(text: str) -> str:
    """ "no not bob, priya": the message without the value it takes back ("no priya"), so only the new one is read."""
    return _DENIED.sub("", text)


def is_no(text: str) -> bool:
    """A clear, short no or cancel; "no wait" is a pause and "no, make it 40" a correction, not a no."""
    if len(text) > 60 or not _NO.match(text):
        return False
    return bool(_CANCEL.match(text)) or not (hesitates(text) or _CONDITION.search(text))


_EVERY_CARD = re.compile(
    r"^\s*(?:(?:yes|yeah|yep|ok|okay|please|pls)[\s,]+)?(?:both|all|every ?one|them all|all of (?:them|it)|the lot"
    r"|both (?:of them|cards|my cards)|all (?:my|the|of my|of the) cards|every card)\b"
    r"(?:\s+(?:please|pls|of them))?\W*$"
    r"|\b(?:both|all) (?:of )?(?:my |the |our )?cards\b|\bevery card\b",
    re.IGNORECASE,
)


def means_every_card(text: str) -> bool:
    """ "both", "all of them", "block all my cards", "my wallet with both cards in it": every card the question
    offered, not one of them."""
    return bool(_EVERY_CARD.search(text))


def cancels_all(text: str) -> bool:
    """A no to everything waiting in line ("cancel both", "no to all of them"), not only to the read-back shown."""
    return is_no(text) and bool(_EVERYTHING.search(text))


def hesitates(text: str) -> bool:
    """A question, a pause or a doubt ("is that right?", "ok wait", "not sure yet"): neither yes nor no."""
    return "?" in text or bool(_HESITATES.search(text))


def corrects(text: str) -> bool:
    """Whether a message reads as a change to what is waiting ("make it 40", "from savings instead")."""
    return bool(_CORRECTS.search(text))


def said_no(text: str, intent: str) -> bool:
    """A no or cancel by rule, or by the router when the message is not a hesitation."""
    return is_no(text) or (intent == "deny" and not is_yes(text) and not hesitates(text))


FLOW_WORDS = frozenset({"confirm", "deny", "unknown"})
"""Router answers that never take a message away from a waiting step."""


def changes_subject(text: str, intent: str, own_intents: frozenset[str]) -> bool:
    """Whether a message is a new question for another agent rather than an answer to the waiting step.

    Short answers ("savings", "make it 35", "the debit one") stay with the step whatever the
    router thinks; a longer sentence the router gives to another agent is a change of subject.
    """
    return intent not in own_intents and intent not in FLOW_WORDS and len(text.split()) > SHORT_ANSWER_WORDS


SHORT_ANSWER_WORDS = 4
"""Up to this many words, a message in a waiting step is read as an answer to it."""
