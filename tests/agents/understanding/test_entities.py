"""Entities resolved against the customer's own data: amounts, accounts, payees, cards, dates and the rest."""

from __future__ import annotations

import pytest
from sqlmodel import Session as Db

from bankchat.agents.dates import DateRange
from bankchat.agents.flows.values import (
    AccountRef,
    Accounts,
    Aggregate,
    CardRef,
    Direction,
    Money,
    Ordering,
    PayeeRef,
)
from bankchat.agents.money import Problem
from bankchat.agents.types import Customer
from bankchat.agents.understanding.entities import ENTITY_NAMES, Entities
from bankchat.bank import payees as bank_payees
from tests.agents.customers import SEED_DAY, account_of, card_of


def _entities(db: Db, customer: Customer, text: str) -> Entities:
    return Entities(db, customer.user_id, text, SEED_DAY)


def _payee(db: Db, customer: Customer, name: str) -> int:
    return next(p.id for p in bank_payees.list_payees(db=db, owner_id=customer.user_id) if p.name.startswith(name))


def test_send_bob_20_from_savings(db: Db, alice_bank: Customer) -> None:
    said = _entities(db, alice_bank, "send bob 20 from savings")

    assert said.amount == Money(2_000)
    assert said.destination == PayeeRef(_payee(db, alice_bank, "Bob"))
    assert said.source == AccountRef(account_of(alice_bank, "savings").id)


def test_to_and_from_accounts(db: Db, alice_bank: Customer) -> None:
    said = _entities(db, alice_bank, "move £40.50 from checking to savings")

    assert said.amount == Money(4_050)
    assert said.source == AccountRef(account_of(alice_bank, "checking").id)
    assert said.destination == AccountRef(account_of(alice_bank, "savings").id)


def test_2_before_an_account_is_to_not_two_pounds(db: Db, alice_bank: Customer) -> None:
    said = _entities(db, alice_bank, "actually 2 checking from savings")

    assert said.amount is None
    assert said.destination == AccountRef(account_of(alice_bank, "checking").id)
    assert said.source == AccountRef(account_of(alice_bank, "savings").id)
    assert _entities(db, alice_bank, "move £2 to checking").amount == Money(200)


def test_a_reference_is_no_amount(db: Db, alice_bank: Customer) -> None:
    said = _entities(db, alice_bank, "pay bob 20 ref invoice 42")

    assert (said.amount, said.reference) == (Money(2_000), "invoice 42")
    assert said.destination == PayeeRef(_payee(db, alice_bank, "Bob"))


@pytest.mark.parametrize(
    "text",
    ["i need to transfer 2000 to savings", "I want to send 2000 to savings", "id like to move 2000 into savings"],
)
def test_to_before_a_verb_is_not_the_destination(db: Db, alice_bank: Customer, text: str) -> None:
    """ "I need *to* transfer 2000": the amount stays, and the destination is the one after the amount."""
    said = _entities(db, alice_bank, text)

    assert said.amount == Money(200_000)
    assert said.destination == AccountRef(account_of(alice_bank, "savings").id)


@pytest.mark.parametrize(
    ("text", "problem"),
    [("send -20 to savings", "negative"), ("send £0 to savings", "zero"), ("send 0.5p to savings", "sub_penny")],
)
def test_refused_amount_has_a_problem_and_no_money(db: Db, alice_bank: Customer, text: str, problem: Problem) -> None:
    said = _entities(db, alice_bank, text)

    assert said.amount is None
    assert said.amount_problem == problem


def test_no_amount_named_is_none(db: Db, alice_bank: Customer) -> None:
    said = _entities(db, alice_bank, "what's my balance")
    assert (said.amount, said.amount_problem) == (None, None)


def test_accounts_named_in_order(db: Db, alice_bank: Customer) -> None:
    savings, checking = account_of(alice_bank, "savings"), account_of(alice_bank, "checking")
    assert _entities(db, alice_bank, "savings and checking combined").accounts == Accounts((savings.id, checking.id))


def test_card_named_by_kind(db: Db, alice_bank: Customer) -> None:
    assert _entities(db, alice_bank, "freeze my debit card").card == CardRef(card_of(alice_bank, "debit").id)
    assert _entities(db, alice_bank, "the mastercard").card == CardRef(card_of(alice_bank, "credit").id)
    assert _entities(db, alice_bank, "freeze my card").card is None  # two cards: which one is asked


def test_period_last_month(db: Db, alice_bank: Customer) -> None:
    period = _entities(db, alice_bank, "what did I spend last month").period

    assert isinstance(period, DateRange)
    assert (period.start.isoformat(), period.end.isoformat()) == ("2025-02-01", "2025-02-28")


def test_period_since_payday_starts_at_last_salary(db: Db, alice_bank: Customer) -> None:
    period = _entities(db, alice_bank, "what have I spent since payday").period

    assert isinstance(period, DateRange)
    assert period.start.isoformat() == "2025-02-25"  # alice's salary lands on the 25th
    assert period.end == SEED_DAY


@pytest.mark.parametrize(
    ("text", "ordering", "aggregate"),
    [
        ("my biggest purchases", Ordering.LARGEST, None),
        ("the cheapest thing I bought", Ordering.SMALLEST, None),
        ("how much did I spend in total", None, Aggregate.TOTAL),
        ("what do I spend on average per month", None, Aggregate.AVERAGE),
        ("how many times did I pay Netflix", None, Aggregate.COUNT),
    ],
)
def test_ordering_and_aggregate(
    db: Db, alice_bank: Customer, text: str, ordering: Ordering | None, aggregate: Aggregate | None
) -> None:
    said = _entities(db, alice_bank, text)
    assert (said.ordering, said.aggregate) == (ordering, aggregate)


@pytest.mark.parametrize(
    ("text", "merchant", "category", "direction"),
    [
        ("what did I pay Netflix?", "Netflix", None, None),  # "pay" is a verb here, no salary
        ("what have I spent at Netflix", "Netflix", None, Direction.OUT),
        ("my deposits", None, None, Direction.IN),
        ("eating out last month", None, "dining", None),
    ],
)
def test_merchant_category_direction(
    db: Db, alice_bank: Customer, text: str, merchant: str | None, category: str | None, direction: Direction | None
) -> None:
    said = _entities(db, alice_bank, text)
    assert (said.merchant, said.category, said.direction) == (merchant, category, direction)


@pytest.mark.parametrize(
    ("text", "earnings"),
    [
        ("when was I last paid", "salary"),
        ("has my paycheck arrived", "salary"),
        ("did my employer pay me", "salary"),
        ("show my deposits last month", None),
        ("how much was paid in this month", None),
        ("what came in this week", None),
    ],
)
def test_earnings_is_pay_from_work_not_any_money_in(
    db: Db, alice_bank: Customer, text: str, earnings: str | None
) -> None:
    assert _entities(db, alice_bank, text).earnings == earnings


def test_count_and_portion(db: Db, alice_bank: Customer) -> None:
    assert _entities(db, alice_bank, "show my last 5 transactions").count == 5
    assert _entities(db, alice_bank, "show my transactions").count is None
    assert _entities(db, alice_bank, "pay the minimum on my card").portion == "minimum"
    assert _entities(db, alice_bank, "pay off the full balance").portion == "full"


def test_get_knows_every_entity_name_and_refuses_others(db: Db, alice_bank: Customer) -> None:
    said = _entities(db, alice_bank, "hello")

    assert {name: said.get(name) for name in ENTITY_NAMES} == dict.fromkeys(ENTITY_NAMES)
    with pytest.raises(KeyError):
        said.get("colour")


@pytest.mark.parametrize(
    "text", ["this month vs last month", "compare my spending with february", "am i spending more than last month"]
)
def test_a_comparison_is_asked(db: Db, alice_bank: Customer, text: str) -> None:
    assert _entities(db, alice_bank, text).aggregate is Aggregate.COMPARE


@pytest.mark.parametrize(
    ("text", "at_least", "at_most"),
    [
        ("show me everything over 100 quid", 10_000, None),
        ("payments under a fiver", None, 500),
        ("transactions above £50 last month", 5_000, None),
        ("how much did i spend over the last 30 days", None, None),
        ("more than 3 payments", None, None),
    ],
)
def test_sizes_of_payment_asked_about(
    db: Db, alice_bank: Customer, text: str, at_least: int | None, at_most: int | None
) -> None:
    found = _entities(db, alice_bank, text)
    assert found.at_least == (Money(at_least) if at_least else None)
    assert found.at_most == (Money(at_most) if at_most else None)


def test_card_paid_at_is_the_card_a_shop_was_paid_with(db: Db, alice_bank: Customer) -> None:
    assert _entities(db, alice_bank, "the netflix one").card_paid_at == CardRef(card_of(alice_bank, "credit").id)
    assert _entities(db, alice_bank, "the one i used at uber").card_paid_at == CardRef(card_of(alice_bank, "debit").id)
    assert _entities(db, alice_bank, "the visa").card_paid_at is None  # no shop named


@pytest.mark.parametrize(("text", "refunds"), [("has amazon refunded me", "refund"), ("show my amazon payments", None)])
def test_refunds_are_named_beside_the_company(db: Db, alice_bank: Customer, text: str, refunds: str | None) -> None:
    entities = _entities(db, alice_bank, text)
    assert (entities.merchant, entities.refunds) == ("Amazon", refunds)  # a follow-up keeps the refunds
