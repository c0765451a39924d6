"""Transfers: the quote, every refusal, execution between own accounts and to payees, replays."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank import TransferRequest, TransferView, execute_transfer, validate_transfer
from bankchat.bank.transfers import paid_before
from bankchat.errors import AccountNotFound, TransferRejected
from bankchat.models import Account, LedgerEntry
from tests.bank.helpers import (
    assert_ledger_explains_balances,
    balances,
    count_transfers,
    make_customer,
    make_payee,
    open_account,
)


@dataclass
class Bank:
    owner: int
    checking: int
    savings: int
    credit: int
    payee: int


@pytest.fixture
def bank(db: Db) -> Bank:
    """A customer with £100 in checking (£50 overdraft, £200 a day), £20 in savings, a credit card and a payee."""
    owner = make_customer(db)
    checking = open_account(db, owner, balance_cents=10_000, overdraft_cents=5_000, daily_limit_cents=20_000)
    savings = open_account(db, owner, kind="savings", balance_cents=2_000)
    credit = open_account(db, owner, kind="credit", balance_cents=-3_000, credit_limit_cents=100_000)
    payee = make_payee(db, owner)
    db.commit()
    return Bank(owner, checking, savings, credit, payee)


def _go(db: Db, bank: Bank, amount: int, key: str = "k1", **target: int) -> TransferView:
    target = target or {"target_account_id": bank.savings}
    request = TransferRequest(source_account_id=bank.checking, amount_cents=amount, **target)
    return execute_transfer(db=db, owner_id=bank.owner, request=request, idempotency_key=key)


def test_validate_transfer_quotes_without_moving_money(db: Db, bank: Bank) -> None:
    before = balances(db, bank.owner)

    quote = validate_transfer(
        db=db, owner_id=bank.owner, request=TransferRequest(bank.checking, 2_500, target_account_id=bank.savings)
    )

    assert (quote.source.id, quote.target_name, quote.amount_cents, quote.currency) == (
        bank.checking,
        "Savings",
        2_500,
        "GBP",
    )
    assert quote.available_after_cents == 10_000 + 5_000 - 2_500
    assert (quote.sent_today_cents, quote.daily_limit_cents) == (0, 20_000)
    assert quote.payee is None
    assert balances(db, bank.owner) == before
    assert count_transfers(db, bank.owner) == 0


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"amount_cents": 0}, "invalid_amount"),
        ({"amount_cents": -1}, "invalid_amount"),
        ({"amount_cents": 1.5}, "invalid_amount"),
        ({"amount_cents": "100"}, "invalid_amount"),
        ({"amount_cents": True}, "invalid_amount"),
        ({"amount_cents": 10**30}, "invalid_amount"),
        ({"amount_cents": 15_001}, "insufficient_funds"),
        ({"target_account_id": "checking"}, "same_account"),
        ({"target_account_id": None}, "unknown_target"),
        ({"source_account_id": "credit"}, "source_not_allowed"),
        ({"target_account_id": 10**9}, "unknown_target"),
    ],
)
def test_validate_transfer_refuses_with_reason(db: Db, bank: Bank, change: dict, code: str) -> None:
    args = {"source_account_id": bank.checking, "amount_cents": 1_000, "target_account_id": bank.savings}
    for name, value in change.items():
        args[name] = getattr(bank, value) if isinstance(value, str) and hasattr(bank, value) else value

    with pytest.raises(TransferRejected) as refused:
        validate_transfer(db=db, owner_id=bank.owner, request=TransferRequest(**args))  # type: ignore[arg-type]

    assert refused.value.code == refused.value.reason == code
    assert refused.value.detail


def test_validate_transfer_refuses_an_own_account_in_another_currency(db: Db, bank: Bank) -> None:
    euros = open_account(db, bank.owner, kind="savings", name="Euro Savings")
    account = db.get(Account, euros)
    assert account is not None
    account.currency = "EUR"
    db.flush()

    with pytest.raises(TransferRejected) as refused:
        validate_transfer(
            db=db, owner_id=bank.owner, request=TransferRequest(bank.checking, 1_000, target_account_id=euros)
        )

    assert refused.value.reason == "invalid_request"
    assert refused.value.detail == "Both accounts must hold the same currency"


def test_daily_limit_counts_todays_transfers_from_the_account(db: Db) -> None:
    owner = make_customer(db)
    source = open_account(db, owner, balance_cents=100_000, daily_limit_cents=10_000)
    target = open_account(db, owner, kind="savings")
    db.commit()

    def request(amount: int) -> TransferRequest:
        return TransferRequest(source, amount, target_account_id=target)

    execute_transfer(db=db, owner_id=owner, request=request(6_000), idempotency_key="a")
    db.commit()
    quote = validate_transfer(db=db, owner_id=owner, request=request(4_000))
    with pytest.raises(TransferRejected) as refused:
        validate_transfer(db=db, owner_id=owner, request=request(4_001))
    with pytest.raises(TransferRejected) as executed:
        execute_transfer(db=db, owner_id=owner, request=request(4_001), idempotency_key="b")

    assert quote.sent_today_cents == 6_000
    assert refused.value.code == executed.value.code == "over_daily_limit"
    assert "£40.00 is left" in refused.value.detail
    assert balances(db, owner) == {source: 94_000, target: 6_000}


def test_execute_transfer_between_own_accounts_moves_both_sides(db: Db, bank: Bank) -> None:
    view = _go(db, bank, 2_500, "move-1")
    db.commit()

    assert balances(db, bank.owner) == {bank.checking: 7_500, bank.savings: 4_500, bank.credit: -3_000}
    assert (view.amount_cents, view.source_balance_after_cents, view.replayed) == (2_500, 7_500, False)
    assert (view.source_name, view.target_name, view.idempotency_key) == ("Everyday Checking", "Savings", "move-1")
    rows = db.exec(select(LedgerEntry).where(LedgerEntry.transfer_id == view.id)).all()
    assert sorted((r.account_id, r.amount_cents, r.balance_after_cents, r.category) for r in rows) == sorted(
        [(bank.checking, -2_500, 7_500, "transfer"), (bank.savings, 2_500, 4_500, "transfer")]
    )
    assert_ledger_explains_balances(db, bank.owner)


def test_execute_transfer_may_use_the_overdraft_but_no_more(db: Db, bank: Bank) -> None:
    _go(db, bank, 15_000, "all-of-it")
    db.commit()

    with pytest.raises(TransferRejected) as refused:
        _go(db, bank, 1, "one-more")

    assert refused.value.code == "insufficient_funds"
    assert "£0.00 available" in refused.value.detail
    assert balances(db, bank.owner)[bank.checking] == -5_000


def test_execute_transfer_pays_credit_card_from_checking(db: Db, bank: Bank) -> None:
    _go(db, bank, 3_000, "repay", target_account_id=bank.credit)
    db.commit()

    assert balances(db, bank.owner)[bank.credit] == 0


def test_execute_transfer_to_payee_debits_only_our_side(db: Db, bank: Bank) -> None:
    before = balances(db, bank.owner)

    view = _go(db, bank, 1_234, "to-mum", payee_id=bank.payee)
    db.commit()

    after = balances(db, bank.owner)
    assert sum(after.values()) == sum(before.values()) - 1_234
    assert after[bank.checking] == before[bank.checking] - 1_234
    rows = db.exec(select(LedgerEntry).where(LedgerEntry.transfer_id == view.id)).all()
    assert [(r.account_id, r.amount_cents, r.merchant) for r in rows] == [(bank.checking, -1_234, "Mum")]
    assert view.target_name == "Mum"
    assert_ledger_explains_balances(db, bank.owner)


def test_execute_transfer_same_key_twice_moves_money_once(db: Db, bank: Bank) -> None:
    first = _go(db, bank, 1_000, "same")
    db.commit()
    second = _go(db, bank, 1_000, "same")
    db.commit()

    assert second.replayed
    assert not first.replayed
    assert second.id == first.id
    assert second.source_balance_after_cents == first.source_balance_after_cents == 9_000
    assert balances(db, bank.owner)[bank.checking] == 9_000
    assert count_transfers(db, bank.owner) == 1


def test_execute_transfer_same_key_other_transfer_is_conflict(db: Db, bank: Bank) -> None:
    _go(db, bank, 1_000, "same")
    db.commit()

    for change in ({"amount": 1_001}, {"target_account_id": bank.credit}, {"payee_id": bank.payee}):
        amount = int(change.pop("amount", 1_000))
        with pytest.raises(TransferRejected) as refused:
            _go(db, bank, amount, "same", **change)
        assert refused.value.code == "idempotency_conflict"
    assert balances(db, bank.owner)[bank.checking] == 9_000


def test_execute_transfer_keys_are_per_customer(db: Db, bank: Bank) -> None:
    other = make_customer(db)
    a, b = open_account(db, other, balance_cents=500), open_account(db, other, kind="savings")
    db.commit()
    _go(db, bank, 100, "shared-key")
    db.commit()

    view = execute_transfer(
        db=db, owner_id=other, request=TransferRequest(a, 100, target_account_id=b), idempotency_key="shared-key"
    )

    assert view.replayed is False
    assert balances(db, other) == {a: 400, b: 100}


def test_execute_transfer_from_another_users_account_is_not_found(db: Db, bank: Bank) -> None:
    thief = make_customer(db)
    own = open_account(db, thief, kind="savings")
    db.commit()

    stolen = TransferRequest(bank.checking, 100, target_account_id=own)
    into_theirs = TransferRequest(own, 1, target_account_id=bank.savings)
    to_their_payee = TransferRequest(own, 1, payee_id=bank.payee)

    with pytest.raises(AccountNotFound):
        execute_transfer(db=db, owner_id=thief, request=stolen, idempotency_key="x")
    with pytest.raises(TransferRejected) as refused:
        execute_transfer(db=db, owner_id=thief, request=into_theirs, idempotency_key="y")
    with pytest.raises(TransferRejected) as payee:
        execute_transfer(db=db, owner_id=thief, request=to_their_payee, idempotency_key="z")

    assert refused.value.code == payee.value.code == "unknown_target"
    assert balances(db, bank.owner)[bank.checking] == 10_000


@pytest.mark.parametrize("key", ["", "   ", "k" * 65])
def test_execute_transfer_needs_a_usable_key(db: Db, bank: Bank, key: str) -> None:
    with pytest.raises(TransferRejected) as refused:
        _go(db, bank, 100, key)

    assert refused.value.code == "invalid_request"


def test_execute_transfer_refusal_rolls_back_callers_session(db: Db, bank: Bank) -> None:
    """A caller that commits after a refusal keeps nothing of the transfer."""
    with pytest.raises(TransferRejected):
        _go(db, bank, 20_000, "too-much")
    db.commit()

    assert balances(db, bank.owner)[bank.checking] == 10_000
    assert count_transfers(db, bank.owner) == 0


def test_execute_transfer_memo_names_the_ledger_entry(db: Db, bank: Bank) -> None:
    request = TransferRequest(bank.checking, 700, target_account_id=bank.savings, memo="rent share")

    quote = validate_transfer(db=db, owner_id=bank.owner, request=request)
    view = execute_transfer(db=db, owner_id=bank.owner, request=request, idempotency_key="req")
    db.commit()

    assert quote.amount_cents == view.amount_cents == 700
    assert view.memo == "rent share"
    entry = db.exec(select(LedgerEntry).where(LedgerEntry.transfer_id == view.id, LedgerEntry.amount_cents < 0)).one()
    assert entry.description == "Transfer to Savings (rent share)"


def test_paid_before_knows_a_payee_once_a_payment_to_them_went_out(db: Db, bank: Bank) -> None:
    """What the scam warning asks: a payee never paid is new; one payment, and it isn't; another owner's payment
    to an account is not a payment to a payee."""
    assert not paid_before(db=db, owner_id=bank.owner, payee_id=bank.payee)
    _go(db, bank, 1_000, key="own")  # to savings: no payee paid
    db.commit()
    assert not paid_before(db=db, owner_id=bank.owner, payee_id=bank.payee)
    _go(db, bank, 1_000, key="payee", payee_id=bank.payee)
    db.commit()
    assert paid_before(db=db, owner_id=bank.owner, payee_id=bank.payee)
    assert not paid_before(db=db, owner_id=bank.owner + 1, payee_id=bank.payee)
