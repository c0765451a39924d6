"""The transaction flows (search and spending): listings and sums checked against the ledger rows themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from bankchat.agents.types import Customer
from bankchat.bank.money import format_cents
from bankchat.models import LedgerEntry
from tests.agents.customers import SEED_DAY, migrated_database, new_customer, statement_rows, table_rows
from tests.agents.dialogue_driver import Conversation
from tests.agents.flows.steps import start


@pytest.fixture(scope="module")
def alice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Customer]:
    """A customer with alice's demo bank (90 days ending ``SEED_DAY``), on a database of this module's own."""
    with migrated_database(tmp_path_factory.mktemp("transactions-flow") / "x.db"):
        yield new_customer("alice")


@pytest.fixture(scope="module")
def ledger_rows(alice: Customer) -> list[LedgerEntry]:
    """Every statement line of the customer, newest first (read straight from the table)."""
    return statement_rows(alice)


def _shown(row: LedgerEntry) -> list[str]:
    """The Date, Description, Category and Amount cells a statement line should get."""
    return [row.value_date.strftime("%d %b"), row.merchant, row.category, format_cents(row.amount_cents)]


def _within(rows: list[LedgerEntry], start_day: date, end_day: date) -> list[LedgerEntry]:
    return [r for r in rows if start_day <= r.value_date <= end_day]


def test_search_last_three_shows_three_newest(alice: Customer, ledger_rows: list[LedgerEntry]) -> None:
    reply = start(alice, "search_transactions", "show my last 3 transactions")

    assert (reply.agent, reply.intent, reply.pending) == ("transactions", "search_transactions", None)
    assert reply.content.startswith("Your latest 3 transactions:\n\n")
    assert [cells[:4] for cells in table_rows(reply.content)] == [_shown(r) for r in ledger_rows[:3]]
    assert "There are more" in reply.content
    assert reply.actions == [{"tool": "search_transactions", "found": 3, "order": "latest"}]


def test_a_period_with_more_rows_than_shown_says_latest(alice: Customer, ledger_rows: list[LedgerEntry]) -> None:
    last_month = _within(ledger_rows, date(2025, 2, 1), date(2025, 2, 28))
    assert len(last_month) > 10

    reply = start(alice, "search_transactions", "show my transactions last month")

    assert reply.content.startswith("Your latest 10 transactions last month:")  # not "your 10", as if all
    assert "There are more" in reply.content


def test_search_merchant_named_shows_only_that_merchant(alice: Customer, ledger_rows: list[LedgerEntry]) -> None:
    netflix = [r for r in ledger_rows if r.merchant == "Netflix"]
    assert len(netflix) == 3  # monthly on the 7th, on the credit card: Jan, Feb and Mar

    reply = start(alice, "search_transactions", "what did I pay Netflix?")

    rows = table_rows(reply.content)
    assert [cells[:4] for cells in rows] == [_shown(r) for r in netflix]
    assert {cells[4] for cells in rows} == {"Credit Card"}
    total = -sum(r.amount_cents for r in netflix)
    assert f"In total you paid **{format_cents(total)}** in these transactions." in reply.content
    assert total == 3 * 1_099
    assert reply.actions[0]["merchant"] == "Netflix"
    assert "category" not in reply.actions[0]  # "pay" is not the salary category: the merchant wins


def test_spending_category_last_month_equals_ledger_sum(alice: Customer, ledger_rows: list[LedgerEntry]) -> None:
    february = _within(ledger_rows, date(2025, 2, 1), date(2025, 2, 28))
    groceries = [r for r in february if r.category == "groceries" and r.amount_cents < 0]
    total = -sum(r.amount_cents for r in groceries)

    reply = start(alice, "spending_summary", "how much did I spend on groceries last month?")

    assert (reply.agent, reply.intent) == ("transactions", "spending_summary")
    assert reply.content.startswith(
        f"You spent **{format_cents(total)}** on groceries last month ({len(groceries)} payments)."
    )
    assert reply.actions == [
        {
            "tool": "spending_summary",
            "count": len(groceries),
            "category": "groceries",
            "start": "2025-02-01",
            "end": "2025-02-28",
        }
    ]


def test_spending_no_period_covers_last_thirty_days_without_transfers(
    alice: Customer, ledger_rows: list[LedgerEntry]
) -> None:
    month = _within(ledger_rows, SEED_DAY - timedelta(days=29), SEED_DAY)
    spent = [r for r in month if r.amount_cents < 0 and r.category != "transfer"]
    assert any(r.category == "transfer" and r.amount_cents < 0 for r in month)  # there is a transfer to leave out

    reply = start(alice, "spending_summary", "where does my money go?")

    total = -sum(r.amount_cents for r in spent)
    assert reply.content.startswith(
        f"You spent **{format_cents(total)}** over the last 30 days ({len(spent)} payments)."
    )
    assert table_rows(reply.content)[0][0] == "rent"  # alice's £1,250 rent is the largest category


def test_search_last_week_follows_pinned_today(alice: Customer, ledger_rows: list[LedgerEntry]) -> None:
    monday = date(2025, 3, 10)  # "last week" is then 3 to 9 March; a week later it is 10 to 16 March
    for today, first in ((monday, date(2025, 3, 3)), (monday + timedelta(days=7), monday)):
        last = first + timedelta(days=6)
        reply = start(alice, "search_transactions", "show my transactions from last week", today=today)

        expected = _within(ledger_rows, first, last)[:10]
        assert expected, f"no demo rows between {first} and {last}"
        assert [cells[:4] for cells in table_rows(reply.content)] == [_shown(r) for r in expected]
        assert reply.actions[0]["start"] == first.isoformat()
        assert reply.actions[0]["end"] == last.isoformat()


def test_search_money_in_shows_only_credits(alice: Customer, ledger_rows: list[LedgerEntry]) -> None:
    credits = [r for r in _within(ledger_rows, date(2025, 2, 1), date(2025, 2, 28)) if r.amount_cents > 0]

    reply = start(alice, "search_transactions", "show my deposits last month")

    assert [cells[:4] for cells in table_rows(reply.content)] == [_shown(r) for r in credits[:10]]
    assert any(r.category == "salary" for r in credits)
    assert reply.content.startswith(f"Your {len(credits[:10])} payments in last month:")
    assert "transaction" not in reply.content.split("\n")[0]
    assert f"In total you received **{format_cents(sum(r.amount_cents for r in credits[:10]))}**" in reply.content


def test_count_money_in_speaks_of_payments_in(alice: Customer, ledger_rows: list[LedgerEntry]) -> None:
    credits = [r for r in _within(ledger_rows, date(2025, 2, 1), date(2025, 2, 28)) if r.amount_cents > 0]

    reply = start(alice, "search_transactions", "how many deposits did I get last month")

    assert reply.content.startswith(f"You have **{len(credits)}** payments in last month.")


def test_money_in_lists_money_received_not_own_transfers(alice: Customer, ledger_rows: list[LedgerEntry]) -> None:
    february = [r for r in _within(ledger_rows, date(2025, 2, 1), date(2025, 2, 28)) if r.amount_cents > 0]
    received = [r for r in february if r.category != "transfer"]
    assert len(received) < len(february)  # there are moves between alice's own accounts to leave out

    reply = start(alice, "money_in", "show my deposits last month")

    total = format_cents(sum(r.amount_cents for r in received))
    assert reply.content.startswith(f"Money paid in last month: {len(received)} payments, **{total}** in all")
    assert "salary" not in reply.content.split("\n")[0].lower().split("latest")[0]
    assert [cells[:4] for cells in table_rows(reply.content)] == [_shown(r) for r in received]


@pytest.mark.parametrize("text", ["when was I last paid", "what was my salary last month", "have my wages gone in"])
def test_money_in_about_pay_answers_with_the_salary(alice: Customer, text: str) -> None:
    reply = start(alice, "money_in", text)

    assert reply.content.startswith("Your latest salary: **")
    assert {cells[2] for cells in table_rows(reply.content)} == {"salary"}


def test_search_largest_lists_biggest_payments_first(alice: Customer, ledger_rows: list[LedgerEntry]) -> None:
    february = _within(ledger_rows, date(2025, 2, 1), date(2025, 2, 28))
    spent = (r for r in february if r.amount_cents < 0 and r.category != "transfer")  # moving money is not buying
    biggest = sorted(spent, key=lambda r: r.amount_cents)[:5]

    reply = start(alice, "search_transactions", "my biggest purchases last month")

    assert reply.content.startswith("Your 5 largest payments last month:\n\n")
    assert [cells[3] for cells in table_rows(reply.content)] == [format_cents(r.amount_cents) for r in biggest]
    assert reply.actions[0]["order"] == "largest"


def test_ranked_transfers_asked_for_by_name_are_listed(alice: Customer) -> None:
    reply = start(alice, "search_transactions", "my 2 largest transfers last month")

    assert reply.content.startswith("Your 2 largest payments on transfer last month:\n\n")
    assert {cells[2] for cells in table_rows(reply.content)} == {"transfer"}


def test_count_merchant_last_month_equals_ledger_rows(alice: Customer, ledger_rows: list[LedgerEntry]) -> None:
    february = _within(ledger_rows, date(2025, 2, 1), date(2025, 2, 28))
    netflix = [r for r in february if r.merchant == "Netflix"]

    reply = start(alice, "search_transactions", "how many times did I pay Netflix last month?")

    assert reply.content == (
        f"You have **{len(netflix)}** transaction at Netflix last month. Together they come to "
        f"{format_cents(-sum(r.amount_cents for r in netflix))}; the latest was on 07 Feb."
    )
    assert reply.actions[0]["tool"] == "count_transactions"


@pytest.mark.parametrize(
    ("text", "flow", "answer"),
    [
        ("show my transactions in January 2020", "search_transactions", "so I can't see transactions in January 2020."),
        ("how much did I spend in January 2020?", "spending_summary", "so I can't see what you spent in January 2020."),
    ],
)
def test_a_period_before_the_statement_says_it_cannot_be_seen(
    alice: Customer, text: str, flow: str, answer: str
) -> None:
    reply = start(alice, flow, text)

    assert reply.content.startswith("Your statement here starts on **")
    assert reply.content.endswith(answer)
    assert "nothing" not in reply.content
    assert "found no" not in reply.content
    assert reply.actions[0]["start"] == "2020-01-01"
    assert reply.actions[0]["end"] == "2020-01-31"


def test_a_period_the_statement_covers_only_in_part_says_from_when(alice: Customer) -> None:
    reply = start(alice, "spending_summary", "how much did I spend last year")  # the demo history starts in December

    assert reply.content.startswith("You spent **")
    assert "That counts from **" in reply.content
    assert "when your statement here starts." in reply.content


def test_money_sent_to_a_payee_is_the_transfers_to_them(alice: Customer) -> None:
    today = date.today()  # the transfer is booked now, after the demo history
    chat = Conversation(alice)
    assert chat.say("send priya 12.34").pending is not None
    assert chat.say("yes").content.startswith("Done!")

    total = start(alice, "spending_summary", "how much have i sent priya this month", today=today)
    listed = start(alice, "search_transactions", "show me what i sent priya this month", today=today)

    assert total.content == "You sent **£12.34** to Priya Shah this month (1 transfer)."
    assert "| Priya Shah | transfer | -£12.34 |" in listed.content
    none = start(alice, "spending_summary", "how much have i sent bob last month", today=today)
    assert none.content == "You sent nothing to Bob Brown last month."


def _cents(cell: str) -> int:
    return round(float(cell.replace("£", "").replace(",", "")) * 100)


@pytest.mark.parametrize("text", ["what did i spend in the last 30 days", "am i spending more than last month"])
def test_spending_tables_add_up_to_the_totals_they_sit_under(alice: Customer, text: str) -> None:
    """Beyond eight categories the rest is one "everything else" row, so every column adds up to its total."""
    reply = start(alice, "spending_summary", text)

    rows = table_rows(reply.content)
    assert rows[-1][0] == "everything else"
    columns = list(zip(*(row[1:] for row in rows), strict=True))
    totals = [_cents(t) for t in re.findall(r"\*\*(£[\d,]+\.\d\d)\*\*", reply.content)[: len(columns)]]
    assert [sum(_cents(cell) for cell in column) for column in columns] == totals
