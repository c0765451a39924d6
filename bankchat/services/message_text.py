"""What a message or a title may be: valid text of bounded length, and a well-formed client ID."""

from __future__ import annotations

from bankchat.errors import InvalidInput, TextTooLong, UnreadableText
from bankchat.settings import get_settings

MAX_CLIENT_ID_CHARS = 64


def storable(text: str) -> str:
    """``text`` if it is valid Unicode the database can store (no lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UnreadableText from None
    return text


def clean_content(content: object) -> str:
    """The message text, or ``InvalidInput`` if it is empty, too long or not text."""
    if not isinstance(content, str):
        raise InvalidInput("The message must be text")
    text = storable(content).replace("\x00", "").strip()
    if not text:
        raise InvalidInput("The message is empty")
    limit = get_settings().max_message_chars
    if len(text) > limit:
        raise TextTooLong(f"The message is longer than {limit} characters")
    return text


def clean_client_id(client_message_id: object) -> str | None:
    """A client message ID (1-64 printable characters) or None."""
    if client_message_id is None:
        return None
    if not isinstance(client_message_id, str) or not 0 < len(client_message_id) <= MAX_CLIENT_ID_CHARS:
        raise InvalidInput(f"clientMessageId must be 1 to {MAX_CLIENT_ID_CHARS} characters")
    if not client_message_id.isprintable():
        raise InvalidInput("clientMessageId must be printable")
    return client_message_id
