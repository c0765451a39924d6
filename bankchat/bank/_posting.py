"""The statements that move money; used only inside ``transfers.execute_transfer``'s and ``disputes.refund``'s
transactions."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import func, update
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.models import Account, LedgerEntry, Transfer


def lock_accounts(db: Db, owner_id: int, account_ids: list[int]) -> None:
    """Lock the accounts' rows in id order, so two opposite transfers cannot deadlock.

    PostgreSQL takes ``FOR NO KEY UPDATE`` row locks (which do not conflict with
    the key-share locks that foreign keys take); on SQLite this is a no-op, the
    transaction already holds the database's write lock.
    """
    db.exec(
        select(Account.id)
        .where(col(Account.id).in_(sorted(set(account_ids))), Account.owner_id == owner_id)
        .order_by(col(Account.id))
        .with_for_update(key_share=True)
    ).all()


def debit(db: Db, *, owner_id: int, account_id: int, amount_cents: int) -> tuple[int, int] | None:
    """Take ``amount_cents`` if balance + overdraft covers it: ``(new balance, daily limit)``, else None.

    The check and the change are one statement, evaluated by the database on the
    newest version of the row, so no interleaving of transfers can overdraw.
    """
    row = db.exec(
        update(Account)
        .where(
            col(Account.id) == account_id,
            col(Account.owner_id) == owner_id,
            col(Account.balance_cents) + col(Account.overdraft_limit_cents) >= amount_cents,
        )
        .values(balance_cents=col(Account.balance_cents) - amount_cents)
        .returning(col(Account.balance_cents), col(Account.daily_transfer_limit_cents))
        .execution_options(synchronize_session=False)
    ).first()
    return None if row is None else (int(row[0]), int(row[1]))


def credit(db: Db, *, owner_id: int, account_id: int, amount_cents: int) -> int | None:
    """Add ``amount_cents`` to the owner's account: the new balance, or None if it is not theirs."""
    row = db.exec(
        update(Account)
        .where(col(Account.id) == account_id, col(Account.owner_id) == owner_id)
        .values(balance_cents=col(Account.balance_cents) + amount_cents)
        .returning(col(Account.balance_cents))
        .execution_options(synchronize_session=False)
    ).first()
    return None if row is None else int(row[0])


def sent_today(db: Db, *, account_id: int, now: datetime) -> int:
    """Cents sent by completed transfers from the account since midnight (UTC), uncommitted ones of ours included."""
    midnight = datetime.combine(now.astimezone(UTC).date(), time.min, tzinfo=UTC)
    total = db.exec(
        select(func.coalesce(func.sum(Transfer.amount_cents), 0)).where(
            Transfer.source_account_id == account_id,
            Transfer.status == "completed",
            col(Transfer.created_at) >= midnight,
        )
    ).one()
    return int(total)


def post(
    db: Db,
    *,
    transfer: Transfer | None,
    booked_at: datetime,
    account_id: int,
    amount_cents: int,
    balance_after_cents: int,
    counterparty: str,
    description: str,
    category: str = "transfer",
) -> LedgerEntry:
    """Add the ledger row of one side of a transfer (or of a posting with none, as a refund), booked at
    ``booked_at`` (taken under the account's lock)."""
    entry = LedgerEntry(
        account_id=account_id,
        booked_at=booked_at,
        value_date=booked_at.astimezone(UTC).date(),
        merchant=counterparty,
        category=category,
        description=description[:255],
        amount_cents=amount_cents,
        balance_after_cents=balance_after_cents,
        transfer_id=transfer.id if transfer is not None else None,
    )
    db.add(entry)
    return entry


def post_refund(
    db: Db, *, booked_at: datetime, account_id: int, amount_cents: int, balance_after_cents: int, merchant: str
) -> LedgerEntry:
    """Add the ledger row of a refund of a disputed payment (money in, category ``refund``); no transfer row."""
    return post(
        db,
        transfer=None,
        booked_at=booked_at,
        account_id=account_id,
        amount_cents=amount_cents,
        balance_after_cents=balance_after_cents,
        counterparty=merchant,
        description=f"Refund of a disputed payment to {merchant}",
        category="refund",
    )
