"""Per-user rate limits on sending messages and starting conversations (``RateLimited``, 429).

Sliding windows counted from the rows already stored, so every worker shares
them and no table is needed: the user's own messages sent in the last 60
seconds (``messages_per_minute``), the sessions they started in the last hour
(``sessions_per_hour``). The check runs inside the transaction that stores the
new row; two requests racing at the very limit may both get in (a soft limit).
An idempotent replay stores nothing, so it neither counts nor is refused.
"""

from __future__ import annotations

import functools
import logging
import math
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, bindparam
from sqlmodel import Session as Db
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from bankchat import logs
from bankchat.errors import RateLimited
from bankchat.models import ChatSession, Message, Session, utcnow
from bankchat.settings import get_settings

log = logging.getLogger("bankchat.rate_limits")

MESSAGE_WINDOW = timedelta(minutes=1)
SESSION_WINDOW = timedelta(hours=1)


def refuse_if_full(limit_th: datetime | None, *, window: timedelta, now: datetime, user_id: int, what: str) -> None:
    """``RateLimited`` unless ``limit_th`` is None.

    ``limit_th`` is the limit-th newest row's time inside the window (None: the window is not full).
    """
    if limit_th is None:
        return
    # A slot frees up when the limit-th newest row leaves the window.
    wait = max(1, math.ceil((limit_th + window - now).total_seconds()))
    logs.event(log, "Rate limited", level=logging.WARNING, user_id=user_id, action=what, retry_after=wait)
    raise RateLimited(wait, f"You are {what} too quickly. Please wait {_duration(wait)} and try again.")


def _duration(seconds: int) -> str:
    """ "45 seconds", "1 second", "38 minutes" (a wait of 2,260 seconds, as a person reads it)."""
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{math.ceil(seconds / 60)} minutes"


@functools.cache
def limit_th_message(user_id: ColumnElement[int] | None = None) -> SelectOfScalar[datetime]:
    """The time of the user's ``messages_per_minute``-th newest message of the last minute (none when fewer).

    Built once with bound parameters (``message_rate_params``): a turn runs it as a scalar
    subquery of the statement that reads the conversation, and pays no SQL construction.
    ``user_id``: a column of that statement naming the user (its signed-in token's), instead
    of the ``rate_user_id`` parameter.
    """
    return (
        select(Message.created_at)
        .join(ChatSession, col(ChatSession.session_id) == col(Message.session_id))
        .where(
            ChatSession.user_id == (bindparam("rate_user_id") if user_id is None else user_id),
            Message.role == "user",
            col(Message.created_at) > bindparam("rate_since"),
        )
        .order_by(col(Message.created_at).desc())
        .offset(bindparam("rate_skip"))
        .limit(1)
    )


def messages_limited() -> bool:
    """Whether a user's messages are limited at all (``messages_per_minute`` 0: no)."""
    return get_settings().messages_per_minute > 0


def message_rate_params(user_id: int | None, now: datetime) -> dict[str, object]:
    """The parameters of ``limit_th_message`` for ``user_id`` at ``now`` (None: the user is a column)."""
    window = {"rate_since": now - MESSAGE_WINDOW, "rate_skip": get_settings().messages_per_minute - 1}
    return window if user_id is None else {"rate_user_id": user_id, **window}


def refuse_message_if_full(limit_th: datetime | None, *, now: datetime, user_id: int) -> None:
    """``RateLimited`` when ``limit_th_message`` found the window full."""
    refuse_if_full(limit_th, window=MESSAGE_WINDOW, now=now, user_id=user_id, what="sending messages")


def check_message_rate(*, db: Db, user_id: int, now: datetime | None = None) -> None:
    """``RateLimited`` when the user has sent ``messages_per_minute`` messages in the last minute."""
    if not messages_limited():
        return
    now = now or utcnow()
    limit_th = db.exec(limit_th_message(), params=message_rate_params(user_id, now)).first()
    refuse_message_if_full(limit_th, now=now, user_id=user_id)


def check_session_rate(*, db: Db, user_id: int, now: datetime | None = None) -> None:
    """``RateLimited`` when the user has started ``sessions_per_hour`` conversations in the last hour."""
    now = now or utcnow()
    limit = get_settings().sessions_per_hour
    limit_th = db.exec(
        select(Session.created_at)
        .where(Session.user_id == user_id, col(Session.created_at) > now - SESSION_WINDOW)
        .order_by(col(Session.created_at).desc())
        .offset(limit - 1)
        .limit(1)
    ).first()
    refuse_if_full(limit_th, window=SESSION_WINDOW, now=now, user_id=user_id, what="starting conversations")
