"""Transfers: quote one without moving money, then make it in one database transaction.

How the money stays right (docs/architecture.md, invariant 4: Money), in ``execute_transfer``:

1. The transfer row goes in first. Its UNIQUE (owner_id, idempotency_key)
   turns a repeated key into a replay of the first transfer, and, being the
   first write, it takes SQLite's write lock at once (other writers wait on the
   busy timeout; no later statement meets a stale snapshot).
2. The accounts are locked in id order (PostgreSQL row locks), so two
   opposite transfers cannot deadlock.
3. The debit is a conditional UPDATE: it happens only if balance + overdraft
   covers the amount, judged by the database on the newest row, so no
   interleaving can overdraw. Today's total, this transfer included, is then
   held against the daily limit.
4. The credit (own accounts only: a payee is outside the bank, so only the
   debit reaches our ledger) and the ledger rows follow. Any failure rolls the
   whole transaction back: nothing moves, no transfer row remains.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import _posting
from bankchat.bank import transfer_rules as rules
from bankchat.bank.accounts import AccountView, owned_account
from bankchat.bank.payees import PayeeView, owned_payee
from bankchat.bank.reads import remembered
from bankchat.bank.transfer_views import TransferQuote, TransferRequest, TransferView
from bankchat.db import session_scope
from bankchat.errors import PayeeNotFound, TransferRejected
from bankchat.models import Account, LedgerEntry, Payee, Transfer, utcnow, view_of


@dataclass(frozen=True)
class _Parties:
    source: Account
    target: Account | None
    payee: Payee | None

    @property
    def target_name(self) -> str:
        return self.target.name if self.target is not None else self.payee.name if self.payee is not None else ""


def validate_transfer(*, db: Db, owner_id: int, request: TransferRequest) -> TransferQuote:
    """Check a transfer without moving money (what the customer is asked to confirm).

    Raises:
        TransferRejected: with a reason code and a friendly detail.
        AccountNotFound: the source is not one of the caller's accounts.
    """
    rules.check_shape(request)
    # Checked, then read back: one quote per unit of work until something is written.
    return remembered(db, ("transfer_quote", owner_id, request), lambda: _quote(db, owner_id, request))


def _quote(db: Db, owner_id: int, request: TransferRequest) -> TransferQuote:
    amount_cents = request.amount_cents
    parties = _parties(db, owner_id, request)
    source = AccountView.of(parties.source)
    available = parties.source.balance_cents + parties.source.overdraft_limit_cents
    if amount_cents > available:
        raise rules.insufficient(parties.source, available)
    sent = _posting.sent_today(db, account_id=source.id, now=utcnow())
    if sent + amount_cents > parties.source.daily_transfer_limit_cents:
        raise rules.over_limit(parties.source, sent)
    return TransferQuote(
        source=source,
        amount_cents=amount_cents,
        currency=parties.source.currency,
        target_account=AccountView.of(parties.target) if parties.target is not None else None,
        payee=view_of(PayeeView, parties.payee) if parties.payee is not None else None,
        target_name=parties.target_name,
        available_after_cents=available - amount_cents,
        sent_today_cents=sent,
        daily_limit_cents=parties.source.daily_transfer_limit_cents,
    )


def execute_transfer(*, db: Db, owner_id: int, request: TransferRequest, idempotency_key: str) -> TransferView:
    """Move the money, once per ``idempotency_key``, in the caller's transaction (flushed; the caller commits).

    It must be the transaction's first write: on any failure it rolls ``db``
    back, so a caller that goes on to commit cannot keep half a transfer. The
    same key again returns the first transfer (``replayed=True``) and moves
    nothing; the same key for a different transfer is ``idempotency_conflict``.
    """
    rules.check_shape(request)
    key = rules.check_key(idempotency_key)
    if db.new or db.dirty or db.deleted:
        msg = "execute_transfer must be the first write of its transaction"
        raise RuntimeError(msg)
    existing = _by_key(db, owner_id, key)
    if existing is not None:
        return _replay(db, existing, request)
    parties = _parties(db, owner_id, request)
    try:
        return _move(db, owner_id, request, key, parties)
    except IntegrityError:
        db.rollback()
        existing = _by_key(db, owner_id, key)
        if existing is None:
            raise
        return _replay(db, existing, request)  # a concurrent request with the same key won
    except BaseException:
        db.rollback()
        raise


def submit_transfer(
    *, owner_id: int, request: TransferRequest, idempotency_key: str, attempts: int = 3
) -> TransferView:
    """``execute_transfer`` in a transaction of its own, committed.

    A lost race on the database (a duplicate key, a lock timeout) is retried:
    retrying is safe because the key makes the transfer happen at most once.
    """
    for attempt in range(1, attempts + 1):
        try:
            with session_scope() as db:
                return execute_transfer(db=db, owner_id=owner_id, request=request, idempotency_key=idempotency_key)
        except (IntegrityError, OperationalError):
            if attempt >= attempts:
                raise
    msg = "attempts must be at least 1"
    raise ValueError(msg)


def paid_before(*, db: Db, owner_id: int, payee_id: int) -> bool:
    """Whether the customer has sent a payment to ``payee_id`` before (a first payment is warned about scams)."""
    query = select(Transfer.id).where(
        Transfer.owner_id == owner_id, Transfer.payee_id == payee_id, Transfer.status == "completed"
    )
    return db.exec(query.limit(1)).first() is not None


def _move(db: Db, owner_id: int, request: TransferRequest, key: str, parties: _Parties) -> TransferView:
    source, amount = parties.source, request.amount_cents
    assert source.id is not None
    transfer = Transfer(
        owner_id=owner_id,
        source_account_id=source.id,
        target_account_id=request.target_account_id,
        payee_id=request.payee_id,
        amount_cents=amount,
        currency=source.currency,
        memo=request.memo,
        idempotency_key=key,
    )
    db.add(transfer)
    db.flush()  # the first write: takes SQLite's write lock; a repeated key fails here
    target_id = request.target_account_id
    _posting.lock_accounts(db, owner_id, [source.id] if target_id is None else [source.id, target_id])
    debited = _posting.debit(db, owner_id=owner_id, account_id=source.id, amount_cents=amount)
    if debited is None:
        db.refresh(source)
        raise rules.insufficient(source, source.balance_cents + source.overdraft_limit_cents)
    source_balance, daily_limit = debited
    # Read the clock while holding the lock, so statement order is booking order on every account.
    booked_at = utcnow()
    sent = _posting.sent_today(db, account_id=source.id, now=transfer.created_at)
    if sent > daily_limit:
        raise rules.over_limit(source, sent - amount, daily_limit)
    note = f" ({request.memo})" if request.memo else ""
    _posting.post(
        db,
        transfer=transfer,
        booked_at=booked_at,
        account_id=source.id,
        amount_cents=-amount,
        balance_after_cents=source_balance,
        counterparty=parties.target_name,
        description=f"Transfer to {parties.target_name}{note}",
    )
    if target_id is not None:
        target_balance = _posting.credit(db, owner_id=owner_id, account_id=target_id, amount_cents=amount)
        if target_balance is None:
            raise TransferRejected("unknown_target", "That account is not one of yours")
        _posting.post(
            db,
            transfer=transfer,
            booked_at=booked_at,
            account_id=target_id,
            amount_cents=amount,
            balance_after_cents=target_balance,
            counterparty=source.name,
            description=f"Transfer from {source.name}{note}",
        )
    db.flush()
    view = _view(transfer, parties, source_balance)
    for row in (source, parties.target):
        if row is not None:
            db.expire(row)  # the UPDATEs bypassed the ORM: reload the balances on next use
    return view


def _parties(db: Db, owner_id: int, request: TransferRequest, *, replay: bool = False) -> _Parties:
    """The caller's source and target; these facts (owner, kind) never change, so they may be read early."""
    source = owned_account(db=db, owner_id=owner_id, account_id=request.source_account_id)
    if source.kind not in rules.SOURCE_KINDS:
        raise TransferRejected("source_not_allowed", f"Money can't be sent from your {source.name}")
    if request.target_account_id is not None:
        target = rules.own_target(db, owner_id, request.target_account_id, source)
        return _Parties(source=source, target=target, payee=None)
    try:
        # a payee removed since may not be paid again, but a replayed transfer still names whom it paid
        payee = owned_payee(db=db, owner_id=owner_id, payee_id=request.payee_id or 0, removed_too=replay)
    except PayeeNotFound:
        raise TransferRejected("unknown_target", "That payee is not one of yours") from None
    return _Parties(source=source, target=None, payee=payee)


@dataclass(frozen=True)
class EntryTransfer:
    """The transfer a statement line belongs to, as the customer knows it."""

    reference: str
    """What the customer was given (``TR-…``)."""
    memo: str
    """The reference the payee sees ("lunch"); empty when none was given."""


def transfer_of_entry(*, db: Db, owner_id: int, entry_id: int) -> EntryTransfer | None:
    """The references of the transfer a statement line belongs to (None: no transfer)."""
    query = (
        select(Transfer.reference, Transfer.memo)
        .join(LedgerEntry, col(LedgerEntry.transfer_id) == Transfer.id)
        .where(LedgerEntry.id == entry_id, Transfer.owner_id == owner_id)
    )
    row = db.exec(query).first()
    return EntryTransfer(reference=row[0], memo=row[1] or "") if row is not None else None


def _by_key(db: Db, owner_id: int, key: str) -> Transfer | None:
    return db.exec(select(Transfer).where(Transfer.owner_id == owner_id, Transfer.idempotency_key == key)).first()


def _replay(db: Db, existing: Transfer, request: TransferRequest) -> TransferView:
    same = (
        existing.source_account_id == request.source_account_id
        and existing.target_account_id == request.target_account_id
        and existing.payee_id == request.payee_id
        and existing.amount_cents == request.amount_cents
    )
    if not same:
        raise TransferRejected("idempotency_conflict", "This confirmation was already used for a different transfer")
    parties = _parties(db, existing.owner_id, request, replay=True)
    balance = db.exec(
        select(LedgerEntry.balance_after_cents).where(
            LedgerEntry.transfer_id == existing.id, LedgerEntry.account_id == existing.source_account_id
        )
    ).one()
    return _view(existing, parties, balance, replayed=True)


def _view(transfer: Transfer, parties: _Parties, source_balance: int, *, replayed: bool = False) -> TransferView:
    assert transfer.id is not None
    return view_of(
        TransferView,
        transfer,
        source_name=parties.source.name,
        target_name=parties.target_name,
        source_balance_after_cents=source_balance,
        replayed=replayed,
    )
