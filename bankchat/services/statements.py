"""Statement downloads: a month of one account as PDF or CSV, for its owner only, each download audited.

Two ways in, one rule: ``download`` for a caller signed in by bearer token (the REST API), and
``download_by_link`` for a signed link from the chat (``bank.statement_links``), whose owner is
read from the account and whose signature and expiry are checked before anything is read. Either
way another customer's account answers ``AccountNotFound``, exactly like a missing one, and the
download is written to the audit log in the same transaction (``download_statement``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank.statement_links import Format, check_signature
from bankchat.bank.statements import Statement, build_statement, parse_month, statement_months
from bankchat.errors import AccountNotFound, InvalidLink, InvalidMonth
from bankchat.models import Account, User
from bankchat.services import audit, statement_csv, statement_pdf
from bankchat.services.views import UserView

_RENDERERS: dict[str, tuple[Callable[..., bytes], str]] = {
    "pdf": (statement_pdf.statement_pdf, statement_pdf.MEDIA_TYPE),
    "csv": (statement_csv.statement_csv, statement_csv.MEDIA_TYPE),
}


@dataclass(frozen=True)
class StatementFile:
    """A statement ready to download."""

    filename: str
    content: bytes
    media_type: str


def download(
    *, db: Db, user: UserView, account_id: int, month: str, fmt: Format, now: datetime | None = None
) -> StatementFile:
    """The signed-in caller's statement of ``month`` (``YYYY-MM``) as ``fmt``; audited."""
    now = now or datetime.now(UTC)
    statement = build_statement(
        db=db, owner_id=user.id, account_id=account_id, month=parse_month(month), today=now.date()
    )
    return _deliver(db, statement, owner_id=user.id, customer=user.display_name, fmt=fmt, via="api", now=now)


def months(*, db: Db, user: UserView, account_id: int, now: datetime | None = None) -> list[date]:
    """The months the caller's account has statements for, newest first; another user's is ``AccountNotFound``."""
    today = (now or datetime.now(UTC)).date()
    return statement_months(db=db, owner_id=user.id, account_id=account_id, today=today)[::-1]


def download_by_link(
    *,
    db: Db,
    account_id: int,
    month: str,
    fmt: Format,
    expires: int,
    signature: str,
    caller: UserView | None,
    now: datetime | None = None,
) -> StatementFile:
    """The statement a signed link names, if the signature holds and it has not expired; audited.

    ``InvalidLink`` for an altered or made-up link (an unknown account included: a link says nothing
    about accounts it was not made for), ``LinkExpired`` past its expiry; a signed-in ``caller``
    other than the owner gets ``AccountNotFound``.
    """
    now = now or datetime.now(UTC)
    owner_id = db.exec(select(Account.owner_id).where(Account.id == account_id)).first()
    try:
        first_day = parse_month(month)
    except InvalidMonth:
        raise InvalidLink from None
    if owner_id is None:
        raise InvalidLink
    check_signature(
        owner_id=owner_id,
        account_id=account_id,
        month=first_day,
        fmt=fmt,
        expires=expires,
        signature=signature,
        now=now,
    )
    if caller is not None and caller.id != owner_id:
        raise AccountNotFound
    owner = db.get(User, owner_id)
    if owner is None or not owner.is_active:
        raise AccountNotFound
    statement = build_statement(db=db, owner_id=owner_id, account_id=account_id, month=first_day, today=now.date())
    return _deliver(db, statement, owner_id=owner_id, customer=owner.display_name, fmt=fmt, via="link", now=now)


def _deliver(
    db: Db, statement: Statement, *, owner_id: int, customer: str, fmt: Format, via: str, now: datetime
) -> StatementFile:
    render, media_type = _RENDERERS[fmt]
    content = render(statement, customer=customer, generated_at=now)
    account = statement.account
    audit.record(
        db,
        actor_id=owner_id,
        action="download_statement",
        subject_user_id=owner_id,
        detail=f"{account.name} {account.masked_number}, {statement.key}, {fmt.upper()} (by {via})",
    )
    filename = f"bankchat-statement-{account.masked_number[-4:]}-{statement.key}.{fmt}"
    return StatementFile(filename=filename, content=content, media_type=media_type)
