"""Transaction search and spending summaries over the demo history; only ever the caller's own."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session as Db

from bankchat.bank import CATEGORIES, known_merchants, list_accounts, search_transactions, spending_summary
from bankchat.bank.ledger import CATEGORY_GROUPS, MAX_PAGE, balances_before, statement_start
from bankchat.errors import AccountNotFound, InvalidInput
from tests.bank.helpers import demo_customer

TODAY = date(2026, 3, 15)


@pytest.fixture
def owner(db: Db) -> int:
    return demo_customer(db, username="alice", today=TODAY)


def _all(db: Db, owner: int, **filters: object) -> list:
    items, before = [], None
    while True:
        page = search_transactions(db=db, owner_id=owner, limit=MAX_PAGE, before_id=before, **filters)  # type: ignore[arg-type]
        items.extend(page.items)
        if page.next_before is None:
            return items
        before = page.next_before


def test_search_transactions_newest_first_and_pages_cover_everything_once(db: Db, owner: int) -> None:
    first = search_transactions(db=db, owner_id=owner, limit=7)
    everything = _all(db, owner)

    assert len(first.items) == 7
    assert first.next_before == first.items[-1].id
    assert [t.id for t in everything[:7]] == [t.id for t in first.items]
    assert len({t.id for t in everything}) == len(everything) > 200
    keys = [(t.booked_at, t.id) for t in everything]
    assert keys == sorted(keys, reverse=True)


def test_search_transactions_last_page_has_no_cursor(db: Db, owner: int) -> None:
    checking = list_accounts(db=db, owner_id=owner)[0]
    everything = _all(db, owner, account_id=checking.id)

    page = search_transactions(db=db, owner_id=owner, account_id=checking.id, limit=5, before_id=everything[-6].id)

    assert [t.id for t in page.items] == [t.id for t in everything[-5:]]
    assert page.next_before is None


def test_search_transactions_merchant_is_case_insensitive_contains(db: Db, owner: int) -> None:
    found = _all(db, owner, merchant="tEsC")

    assert found
    assert {t.merchant for t in found} == {"Tesco"}


def test_search_transactions_like_wildcards_are_literal(db: Db, owner: int) -> None:
    assert _all(db, owner, merchant="%") == []
    assert _all(db, owner, merchant="_") == []


def test_search_transactions_filters_combine(db: Db, owner: int) -> None:
    start, end = TODAY - timedelta(days=13), TODAY - timedelta(days=7)

    found = _all(db, owner, category="coffee", direction="out", start=start, end=end)

    assert found
    assert all(t.category == "coffee" and t.amount_cents < 0 and start <= t.value_date <= end for t in found)


def test_search_transactions_direction_in_is_money_received(db: Db, owner: int) -> None:
    found = _all(db, owner, direction="in")

    assert {"salary", "refund"} <= {t.category for t in found}
    assert all(t.amount_cents > 0 for t in found)


def test_search_transactions_date_range_is_inclusive(db: Db, owner: int) -> None:
    day = TODAY - timedelta(days=1)

    found = _all(db, owner, start=day, end=day)

    assert found
    assert {t.value_date for t in found} == {day}


def test_search_transactions_account_of_other_user_is_not_found(db: Db, owner: int) -> None:
    stranger = demo_customer(db, username="bob", today=TODAY)
    theirs = list_accounts(db=db, owner_id=stranger)[0]

    with pytest.raises(AccountNotFound):
        search_transactions(db=db, owner_id=owner, account_id=theirs.id)


def test_search_transactions_cursor_of_other_user_is_refused(db: Db, owner: int) -> None:
    stranger = demo_customer(db, username="bob", today=TODAY)
    theirs = search_transactions(db=db, owner_id=stranger, limit=1).items[0]

    with pytest.raises(InvalidInput):
        search_transactions(db=db, owner_id=owner, before_id=theirs.id)


def test_search_transactions_only_own_rows(db: Db, owner: int) -> None:
    stranger = demo_customer(db, username="bob", today=TODAY)
    mine = {a.id for a in list_accounts(db=db, owner_id=owner)}

    assert {t.account_id for t in _all(db, owner)} == mine
    assert not {t.id for t in _all(db, owner)} & {t.id for t in _all(db, stranger)}


@pytest.mark.parametrize(
    "bad", [{"limit": 0}, {"limit": MAX_PAGE + 1}, {"category": "yachts"}, {"direction": "sideways"}]
)
def test_search_transactions_bad_filters_are_invalid_input(db: Db, owner: int, bad: dict) -> None:
    with pytest.raises(InvalidInput):
        search_transactions(db=db, owner_id=owner, **bad)


def test_spending_summary_adds_up_and_leaves_out_transfers(db: Db, owner: int) -> None:
    start, end = TODAY.replace(day=1), TODAY
    entries = [t for t in _all(db, owner, start=start, end=end) if t.category != "transfer"]

    summary = spending_summary(db=db, owner_id=owner, start=start, end=end)

    assert summary.total_out_cents == -sum(t.amount_cents for t in entries if t.amount_cents < 0) > 0
    assert summary.total_in_cents == sum(t.amount_cents for t in entries if t.amount_cents > 0)
    assert summary.count == sum(1 for t in entries if t.amount_cents < 0)
    assert summary.count_in == sum(1 for t in entries if t.amount_cents > 0)
    assert sum(cents for _, cents in summary.by_category) == summary.total_out_cents
    assert [c for c, _ in summary.by_category] == [c for c, _ in sorted(summary.by_category, key=lambda x: -x[1])]
    assert "transfer" not in dict(summary.by_category)
    assert 0 < len(summary.top_merchants) <= 5


def test_food_is_groceries_dining_and_coffee_together(db: Db, owner: int) -> None:
    start, end = TODAY - timedelta(days=89), TODAY

    food = spending_summary(db=db, owner_id=owner, start=start, end=end, category="food")
    parts = [spending_summary(db=db, owner_id=owner, start=start, end=end, category=c) for c in CATEGORY_GROUPS["food"]]

    assert CATEGORY_GROUPS["food"] == ("groceries", "dining", "coffee")
    assert food.total_out_cents == sum(p.total_out_cents for p in parts) > 0
    assert {c for c, _ in food.by_category} == set(CATEGORY_GROUPS["food"])
    assert {t.category for t in _all(db, owner, category="food")} == set(CATEGORY_GROUPS["food"])


def test_spending_summary_for_one_category_and_merchant(db: Db, owner: int) -> None:
    start, end = TODAY - timedelta(days=89), TODAY

    coffee = spending_summary(db=db, owner_id=owner, start=start, end=end, category="coffee")
    pret = spending_summary(db=db, owner_id=owner, start=start, end=end, merchant="pret")

    assert [c for c, _ in coffee.by_category] == ["coffee"]
    assert coffee.total_out_cents == -sum(t.amount_cents for t in _all(db, owner, category="coffee"))
    assert [m for m, _ in pret.top_merchants] == ["Pret A Manger"]
    assert 0 < pret.total_out_cents < coffee.total_out_cents


def test_spending_summary_for_a_transfers_other_side_counts_the_transfers(db: Db, owner: int) -> None:
    start, end = TODAY - timedelta(days=89), TODAY
    sent = [t for t in _all(db, owner, start=start, end=end, category="transfer") if t.amount_cents < 0]
    other_side = sent[0].merchant  # one of the customer's own accounts, in the demo bank

    summary = spending_summary(db=db, owner_id=owner, start=start, end=end, merchant=other_side)

    to_it = [t for t in sent if t.merchant == other_side]
    assert summary.total_out_cents == -sum(t.amount_cents for t in to_it) > 0
    assert summary.count == len(to_it)


def test_known_merchants_lists_own_merchants_once(db: Db, owner: int) -> None:
    demo_customer(db, username="bob", today=TODAY)

    merchants = known_merchants(db=db, owner_id=owner)

    assert {"Tesco", "Pret A Manger", "Netflix", "Oak Estates", "TfL"} <= set(merchants)
    assert len(merchants) == len(set(merchants))
    assert "Nationwide Mortgage" not in merchants  # bob's


def test_categories_cover_every_demo_category(db: Db, owner: int) -> None:
    assert {t.category for t in _all(db, owner)} <= set(CATEGORIES)
    assert len(CATEGORIES) == 15


def test_summary_and_search_leave_out_a_category_or_merchant(db: Db, owner: int) -> None:
    start, end = TODAY - timedelta(days=89), TODAY
    everything = spending_summary(db=db, owner_id=owner, start=start, end=end)
    food = spending_summary(db=db, owner_id=owner, start=start, end=end, category="food")
    pret = spending_summary(db=db, owner_id=owner, start=start, end=end, merchant="Pret A Manger")

    no_food = spending_summary(db=db, owner_id=owner, start=start, end=end, excluding="food")
    no_pret = spending_summary(db=db, owner_id=owner, start=start, end=end, excluding="Pret A Manger")

    assert no_food.total_out_cents == everything.total_out_cents - food.total_out_cents > 0
    assert not set(CATEGORY_GROUPS["food"]) & {c for c, _ in no_food.by_category}
    assert no_pret.total_out_cents == everything.total_out_cents - pret.total_out_cents
    listed = _all(db, owner, start=start, end=end, excluding="Pret A Manger")
    assert listed
    assert "Pret A Manger" not in {t.merchant for t in listed}
    assert len(listed) == len(_all(db, owner, start=start, end=end)) - len(
        _all(db, owner, merchant="Pret A Manger", start=start, end=end)
    )


def test_search_and_summary_keep_lines_of_a_size(db: Db, owner: int) -> None:
    start, end = TODAY - timedelta(days=89), TODAY
    big = _all(db, owner, start=start, end=end, at_least=10_000)
    small = _all(db, owner, start=start, end=end, at_most=500)
    everything = _all(db, owner, start=start, end=end)

    assert big
    assert all(abs(t.amount_cents) >= 10_000 for t in big)
    assert small
    assert all(abs(t.amount_cents) <= 500 for t in small)
    assert len(big) == sum(1 for t in everything if abs(t.amount_cents) >= 10_000)
    summary = spending_summary(db=db, owner_id=owner, start=start, end=end, at_least=10_000)
    spent = [t for t in everything if t.amount_cents <= -10_000 and t.category != "transfer"]
    assert summary.total_out_cents == -sum(t.amount_cents for t in spent)


def test_statement_start_is_the_first_lines_value_date(db: Db, owner: int) -> None:
    lines = _all(db, owner)

    assert statement_start(db=db, owner_id=owner) == min(t.value_date for t in lines)
    assert statement_start(db=db, owner_id=owner + 999) is None  # nobody's: no statement


def test_balances_before_a_day_sum_the_lines_before_it(db: Db, owner: int) -> None:
    lines = _all(db, owner)
    accounts = list_accounts(db=db, owner_id=owner)

    tomorrow = balances_before(db=db, owner_id=owner, day=TODAY + timedelta(days=1))
    assert tomorrow == {a.id: a.balance_cents for a in accounts}  # every line counted: today's balances
    day = TODAY - timedelta(days=20)
    then = balances_before(db=db, owner_id=owner, day=day)
    for account in accounts:
        earlier = [t.amount_cents for t in lines if t.account_id == account.id and t.value_date < day]
        assert then.get(account.id, 0) == sum(earlier)
    assert balances_before(db=db, owner_id=owner, day=date(2000, 1, 1)) == {}  # before the statement: none
    assert balances_before(db=db, owner_id=owner + 999, day=TODAY) == {}  # nobody's: none
