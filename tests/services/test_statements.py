"""Statement downloads: owner only, signed links that expire and cannot be altered, each download audited."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from bankchat.bank import list_accounts, seed_bank_demo
from bankchat.bank.statement_links import signed_path
from bankchat.db import session_scope
from bankchat.errors import AccountNotFound, InvalidLink, InvalidMonth, LinkExpired, StatementNotFound
from bankchat.models import AuditEntry
from bankchat.services import UserView
from bankchat.services.statements import download, download_by_link, months
from bankchat.settings import get_settings

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
FEBRUARY = date(2025, 2, 1)


@pytest.fixture
def alice(user: UserView) -> UserView:
    with session_scope() as db:
        seed_bank_demo(db=db, user_id=user.id, username="alice", today=NOW.date())
    return user


def _account(user: UserView, kind: str = "checking") -> int:
    with session_scope() as db:
        return next(a.id for a in list_accounts(db=db, owner_id=user.id) if a.kind == kind)


def _link(path: str) -> dict[str, object]:
    """The parts of a signed path, as the route hands them to the service."""
    where, query = path.split("?")
    account, file = where.removeprefix("/api/statements/").split("/")
    month, fmt = file.split(".")
    params = dict(part.split("=") for part in query.split("&"))
    return {
        "account_id": int(account), "month": month, "fmt": fmt,
        "expires": int(params["expires"]), "signature": params["signature"],
    }  # fmt: skip


def _downloads(user: UserView) -> list[AuditEntry]:
    with session_scope() as db:
        return list(
            db.exec(
                select(AuditEntry).where(AuditEntry.actor_id == user.id, AuditEntry.action == "download_statement")
            ).all()
        )


def test_download_gives_owner_file_and_audits_it(alice: UserView) -> None:
    account = _account(alice)
    with session_scope() as db:
        file = download(db=db, user=alice, account_id=account, month="2025-02", fmt="pdf", now=NOW)
    assert file.content.startswith(b"%PDF-")
    assert file.media_type == "application/pdf"
    assert file.filename.endswith("-2025-02.pdf")
    [entry] = _downloads(alice)
    assert entry.subject_user_id == alice.id
    assert "2025-02, PDF (by api)" in entry.detail


@pytest.mark.parametrize(
    ("month", "error"),
    [("2025-13", InvalidMonth), ("2025-04", StatementNotFound), ("2019-01", StatementNotFound)],
)
def test_download_refuses_bad_or_missing_month_and_audits_nothing(
    alice: UserView, month: str, error: type[Exception]
) -> None:
    with session_scope() as db, pytest.raises(error):
        download(db=db, user=alice, account_id=_account(alice), month=month, fmt="csv", now=NOW)
    assert _downloads(alice) == []


def test_download_of_another_customers_account_is_not_found(alice: UserView, other_user: UserView) -> None:
    with session_scope() as db, pytest.raises(AccountNotFound):
        download(db=db, user=other_user, account_id=_account(alice), month="2025-02", fmt="csv", now=NOW)
    assert _downloads(other_user) == []


def test_signed_link_downloads_without_sign_in_until_it_expires(alice: UserView) -> None:
    account = _account(alice, "savings")
    link = _link(signed_path(owner_id=alice.id, account_id=account, month=FEBRUARY, fmt="csv", now=NOW))
    with session_scope() as db:
        file = download_by_link(db=db, caller=None, now=NOW + timedelta(minutes=1), **link)  # type: ignore[arg-type]
    assert file.content.decode("utf-8-sig").startswith("BankChat statement,February 2025")
    assert "(by link)" in _downloads(alice)[0].detail
    expired = NOW + timedelta(minutes=get_settings().statement_link_minutes)
    with session_scope() as db, pytest.raises(LinkExpired):
        download_by_link(db=db, caller=None, now=expired, **link)  # type: ignore[arg-type]
    assert len(_downloads(alice)) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"month": "2025-01"},
        {"fmt": "pdf"},
        {"expires": 4_102_444_800},
        {"signature": "A" * 43},
        {"month": "2025-13"},
        {"account_id": 2**62},
    ],
    ids=["month", "format", "expiry", "signature", "no-month", "no-account"],
)
def test_altered_link_is_invalid_and_downloads_nothing(alice: UserView, change: dict[str, object]) -> None:
    link = _link(signed_path(owner_id=alice.id, account_id=_account(alice), month=FEBRUARY, fmt="csv", now=NOW))
    with session_scope() as db, pytest.raises(InvalidLink) as refused:
        download_by_link(db=db, caller=None, now=NOW, **{**link, **change})  # type: ignore[arg-type]
    assert not isinstance(refused.value, LinkExpired)
    assert _downloads(alice) == []


def test_link_for_another_account_of_same_owner_is_invalid(alice: UserView) -> None:
    link = _link(signed_path(owner_id=alice.id, account_id=_account(alice), month=FEBRUARY, fmt="csv", now=NOW))
    savings = _account(alice, "savings")
    with session_scope() as db, pytest.raises(InvalidLink):
        download_by_link(db=db, caller=None, now=NOW, **{**link, "account_id": savings})  # type: ignore[arg-type]


def test_link_opened_by_another_signed_in_customer_is_not_found(alice: UserView, other_user: UserView) -> None:
    link = _link(signed_path(owner_id=alice.id, account_id=_account(alice), month=FEBRUARY, fmt="pdf", now=NOW))
    with session_scope() as db, pytest.raises(AccountNotFound):
        download_by_link(db=db, caller=other_user, now=NOW, **link)  # type: ignore[arg-type]
    with session_scope() as db:
        file = download_by_link(db=db, caller=alice, now=NOW, **link)  # type: ignore[arg-type]
    assert file.content.startswith(b"%PDF")
    assert len(_downloads(alice)) == 1
    assert _downloads(other_user) == []


def test_link_signed_for_another_owner_is_invalid(alice: UserView, other_user: UserView) -> None:
    forged = signed_path(owner_id=other_user.id, account_id=_account(alice), month=FEBRUARY, fmt="pdf", now=NOW)
    with session_scope() as db, pytest.raises(InvalidLink):
        download_by_link(db=db, caller=other_user, now=NOW, **_link(forged))  # type: ignore[arg-type]
    assert _downloads(other_user) == []


def test_months_newest_first_for_owner_only(alice: UserView, other_user: UserView) -> None:
    with session_scope() as db:
        listed = months(db=db, user=alice, account_id=_account(alice), now=NOW)
        with pytest.raises(AccountNotFound):
            months(db=db, user=other_user, account_id=_account(alice), now=NOW)
    assert listed == [date(2025, 3, 1), date(2025, 2, 1), date(2025, 1, 1), date(2024, 12, 1)]
