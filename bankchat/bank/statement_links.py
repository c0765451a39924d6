"""Download links for statements that need no bearer token: signed, bound to their owner, short-lived.

A link in a chat reply is clicked in the browser, which holds no bearer token. So the chat
offers ``/api/statements/{account}/{YYYY-MM}.{pdf|csv}?expires=…&signature=…``: an HMAC-SHA256,
keyed by the server's ``secret_key``, over the account's owner, the account, the month, the
format and the expiry. Changing any of them (another account, month or format, a later expiry)
breaks the signature (``InvalidLink``); after ``statement_link_minutes`` the link is
``LinkExpired``, so one that leaks (a forwarded screenshot, a shared history) soon stops working.
The owner is not in the link: the route reads it from the account, so nobody can sign for
someone else's, and a signed-in caller other than the owner is refused as for any account.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date, datetime, timedelta
from typing import Literal

from bankchat.errors import InvalidLink, LinkExpired
from bankchat.settings import get_settings

Format = Literal["pdf", "csv"]
FORMATS: tuple[Format, ...] = ("pdf", "csv")
LINK_PREFIX = "/api/statements"
"""Where the REST API serves signed statement links (``api/routes/statements.py``)."""
SIGNATURE_PATTERN = r"^[A-Za-z0-9_-]{43}$"
"""What a signature looks like: 32 bytes in unpadded base64url (no run of digits a card mask would hide)."""
_PURPOSE = b"bankchat statement link v1"


def signed_path(*, owner_id: int, account_id: int, month: date, fmt: Format, now: datetime) -> str:
    """The link to the owner's statement of ``month`` as ``fmt``, valid for ``statement_link_minutes`` from ``now``."""
    expires = int((now + timedelta(minutes=get_settings().statement_link_minutes)).timestamp())
    signature = _signature(owner_id, account_id, month, fmt, expires)
    return f"{LINK_PREFIX}/{account_id}/{month:%Y-%m}.{fmt}?expires={expires}&signature={signature}"


def check_signature(
    *, owner_id: int, account_id: int, month: date, fmt: Format, expires: int, signature: str, now: datetime
) -> None:
    """Accept a link only as it was signed and before it expires: else ``InvalidLink`` or ``LinkExpired``."""
    expected = _signature(owner_id, account_id, month, fmt, expires)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise InvalidLink
    if now.timestamp() >= expires:
        raise LinkExpired


def _signature(owner_id: int, account_id: int, month: date, fmt: str, expires: int) -> str:
    message = f"{owner_id}|{account_id}|{month:%Y-%m}|{fmt}|{expires}".encode()
    key = hmac.new(get_settings().secret_key.encode(), _PURPOSE, hashlib.sha256).digest()  # a key for this use only
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
