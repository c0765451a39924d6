"""What a handler may keep from the browser: bounded, storable text, and friendly words for a refusal."""

from __future__ import annotations

from bankchat.errors import InvalidInput, TextTooLong, UnreadableText
from bankchat.services.message_text import storable
from bankchat.settings import get_settings

UNREADABLE = "That text contains characters we cannot read. Please type it again."


def bounded_text(value: str, limit: int) -> tuple[str, str]:
    """``value`` cut to ``limit`` characters, and what to tell the user ("" when nothing was lost).

    Text that cannot be encoded as UTF-8 (a lone surrogate) is never kept: it would break
    every later update of the tab, whose frames are UTF-8.
    """
    try:
        storable(value)
    except UnreadableText:
        return "", UNREADABLE
    if len(value) > limit:
        return value[:limit], f"That is too long (at most {limit} characters)."
    return value, ""


def friendly(exc: InvalidInput) -> str:
    """The toast for a message the service's rule refused."""
    if isinstance(exc, UnreadableText):
        return UNREADABLE
    if isinstance(exc, TextTooLong):
        return f"That message is too long (at most {get_settings().max_message_chars} characters)."
    return sentence(exc.detail)


def sentence(text: str) -> str:
    """``text`` ending with a full stop, as a toast's sentence does."""
    return text if text.endswith(".") else f"{text}."
