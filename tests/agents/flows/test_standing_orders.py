"""The standing order flows: set up (read back, confirmed), list, amend, cancel, and why a payment was skipped.

A repeating payment is never sent as a one-off; bad input gets a sentence and changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bankchat.agents.types import Customer
from bankchat.bank import authenticators
from bankchat.bank.standing_order_runs import run_due
from bankchat.bank.standing_orders import list_standing_orders
from bankchat.db import session_scope
from bankchat.models import AuditEntry
from tests.agents.customers import new_customer, transfers_of
from tests.agents.dialogue_driver import Conversation
from tests.factories import settings_env
from tests.support.authenticator_app import set_up_app


@pytest.fixture
def bob(database: None) -> Customer:
    return new_customer("bob")


def _orders(customer: Customer) -> list[tuple[str, int, str]]:
    with session_scope() as db:
        rows = list_standing_orders(db=db, owner_id=customer.user_id)
        return [(o.target_name, o.amount_cents, o.schedule) for o in rows]


def _set_up(customer: Customer, text: str) -> Conversation:
    chat = Conversation(customer)
    assert chat.say(text).pending is not None
    assert "is set up" in chat.say("yes").content
    return chat


def test_pay_mum_monthly_is_read_back_then_set_up_on_yes_and_nothing_is_sent(bob: Customer) -> None:
    chat, sent = Conversation(bob), transfers_of(bob)

    read_back = chat.say("pay mum 50 on the 1st of every month")
    before_yes = _orders(bob)
    done = chat.say("yes")

    assert (read_back.intent, read_back.pending and read_back.pending.stage) == ("standing_order", "confirm")
    for line in ("**Amount:** £50.00 each time", "**To:** Mum", "**When:** on the 1st of every month"):
        assert line in read_back.content
    assert "**First payment:** Tuesday 1 April 2025" in read_back.content
    assert before_yes == []
    assert "first payment goes on **Tuesday 1 April 2025**" in done.content
    assert _orders(bob) == [("Mum", 5_000, "on the 1st of every month")]
    assert transfers_of(bob) == sent
    with session_scope() as db:
        actions = db.exec(select(AuditEntry.action).where(AuditEntry.subject_user_id == bob.user_id)).all()
        assert list(actions) == ["standing_order_created"]


def test_from_january_starts_on_the_first_of_the_next_january(alice: Customer) -> None:
    reply = Conversation(alice).say("standing order of 900 to my landlord every month from january")

    assert "**First payment:** Thursday 1 January 2026" in reply.content
    assert "**To:** Landlord - Oak Estates" in reply.content


def test_the_day_is_asked_for_when_not_said_and_a_bare_day_is_not_an_amount(alice: Customer) -> None:
    chat = Conversation(alice)

    asked = chat.say("pay bob 20 every month")
    answered = chat.say("15")

    assert asked.pending is not None
    assert asked.pending.asking == "schedule"
    assert "**Amount:** £20.00 each time" in answered.content
    assert "on the 15th of every month" in answered.content
    assert "**First payment:** Saturday 15 March 2025" in answered.content


def test_weekly_standing_order_pays_every_friday(alice: Customer) -> None:
    reply = Conversation(alice).say("pay priya 10 every friday")

    assert "**When:** every Friday" in reply.content
    assert "**First payment:** Friday 14 March 2025" in reply.content


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("pay bob 50 every month from 30 february", "There's no 30th of February: February has 28 days."),
        ("pay bob 50 on the 1st of every month starting 1 jan 2024", "can't start in the past"),
    ],
)
def test_a_date_that_cannot_be_is_said_and_nothing_is_set_up(alice: Customer, text: str, says: str) -> None:
    reply = Conversation(alice).say(text)

    assert says in reply.content
    assert "Nothing was set up." in reply.content
    assert reply.pending is None
    assert _orders(alice) == []


def test_an_amount_over_the_limit_is_asked_again(alice: Customer) -> None:
    reply = Conversation(alice).say("pay bob 20000 on the 1st of every month")

    assert "within your daily transfer limit of £10,000.00" in reply.content
    assert reply.pending is not None
    assert reply.pending.asking == "amount"


def test_a_day_no_month_has_is_said_and_asked_again(alice: Customer) -> None:
    reply = Conversation(alice).say("pay bob 50 on the 32nd of every month")

    assert "No month has a 32nd day." in reply.content
    assert reply.pending is not None
    assert reply.pending.asking == "schedule"


def test_list_amend_and_cancel_in_chat(alice: Customer) -> None:
    chat = _set_up(alice, "pay my landlord 900 on the 1st of every month")

    listed = chat.say("show my standing orders")
    amend = chat.say("change my rent one to 950")
    amended = chat.say("yes")
    cancel = chat.say("cancel the standing order to my landlord")
    kept = _orders(alice)
    cancelled = chat.say("yes")

    assert "| Landlord - Oak Estates | £900.00 | on the 1st of every month |" in listed.content
    assert "**From then on:** £950.00" in amend.content
    assert "now **£950.00 to Landlord - Oak Estates" in amended.content
    assert "Cancel your standing order of **£950.00" in cancel.content
    assert kept == [("Landlord - Oak Estates", 95_000, "on the 1st of every month")]
    assert "is cancelled" in cancelled.content
    assert _orders(alice) == []


def test_which_one_is_asked_when_several_and_none_named(alice: Customer) -> None:
    chat = _set_up(alice, "pay bob 20 on the 1st of every month")
    chat.say("pay priya 30 on the 2nd of every month")
    chat.say("yes")

    asked = chat.say("cancel my standing order")
    answered = chat.say("priya")

    assert "Which standing order should I cancel?" in asked.content
    assert "Cancel your standing order of **£30.00 to Priya Shah" in answered.content


def test_why_wasnt_my_rent_paid_explains_a_skip_for_lack_of_money(alice: Customer) -> None:
    with settings_env(BANKCHAT_APPROVAL_THRESHOLD_CENTS="10000000"):  # no approval: the point is the skip
        _set_up(alice, "pay my landlord 9000 on the 1st of every month")  # more than alice has

    report = run_due(now=datetime(2025, 4, 2, tzinfo=UTC))
    reply = Conversation(alice).say("why wasn't my rent paid")

    assert report.skipped >= 1
    assert reply.intent == "standing_order_skipped"
    assert "was **not paid on Tuesday 1 April 2025**: Not enough money" in reply.content
    assert "The next one is due on Thursday 1 May 2025" in reply.content
    assert "say **pay landlord 9000**" in reply.content


def test_nothing_to_cancel_says_so(alice: Customer) -> None:
    reply = Conversation(alice).say("cancel my standing order")

    assert "You have no standing orders to cancel." in reply.content
    assert reply.pending is None


def test_a_one_off_transfer_is_still_a_one_off(alice: Customer) -> None:
    chat, sent = Conversation(alice), transfers_of(alice)

    reply = chat.say("send 20 to bob")
    chat.say("yes")

    assert reply.intent == "transfer"
    assert transfers_of(alice) == sent + 1
    assert _orders(alice) == []


def test_a_large_standing_order_to_a_payee_is_approved_like_a_payment(alice: Customer) -> None:
    """Over the approval threshold: after the yes, the app's code for exactly these terms; then it is set up."""
    with session_scope() as db:
        secret = set_up_app(db, alice.user_id)
    chat = Conversation(alice)
    assert "Please confirm this standing order" in chat.say("pay my landlord 1500 on the 1st of every month").content
    asked = chat.say("yes")
    assert "A standing order of £1,500.00 to Landlord - Oak Estates" in asked.content
    assert "needs your approval" in asked.content
    with session_scope() as db:
        assert list_standing_orders(db=db, owner_id=alice.user_id) == []
    assert "is set up" in chat.say(authenticators.current_code(secret)).content
    with session_scope() as db:
        assert len(list_standing_orders(db=db, owner_id=alice.user_id)) == 1


def test_a_large_standing_order_without_a_way_to_approve_is_refused_before_the_read_back(alice: Customer) -> None:
    reply = Conversation(alice).say("pay my landlord 1500 on the 1st of every month")
    assert "haven't set one up" in reply.content
    assert reply.pending is None


def test_amending_a_standing_order_over_the_threshold_asks_for_approval_and_a_wrong_code_changes_nothing(
    alice: Customer,
) -> None:
    """£900 a month made £5,000 a month: read back, yes, then the app's code of exactly this amendment."""
    with session_scope() as db:
        secret = set_up_app(db, alice.user_id)
    chat = _set_up(alice, "pay my landlord 900 on the 1st of every month")

    read_back = chat.say("change my rent one to 5000")
    asked = chat.say("yes")
    wrong = chat.say("000000")

    assert "**From then on:** £5,000.00" in read_back.content
    assert "Changing your standing order to £5,000.00 to Landlord - Oak Estates" in asked.content
    assert "needs your approval" in asked.content
    assert "didn't match, so nothing was done" in wrong.content
    assert _orders(alice)[0][1] == 90_000
    done = chat.say(authenticators.current_code(secret))
    assert "now **£5,000.00 to Landlord - Oak Estates" in done.content
    assert _orders(alice)[0][1] == 500_000


def test_amending_a_small_standing_order_needs_no_approval(alice: Customer) -> None:
    chat = _set_up(alice, "pay bob 20 on the 1st of every month")

    chat.say("change the standing order to bob to 30")
    done = chat.say("yes")

    assert done.content.startswith("Done! Your standing order is now **£30.00")


def test_an_end_date_is_read_back_and_set_up(alice: Customer) -> None:
    chat = Conversation(alice)

    read_back = chat.say("pay bob 20 on the 1st of every month for 3 months")

    assert "The last payment is on **" in read_back.content
    assert "is set up" in chat.say("yes").content
    with session_scope() as db:
        order = list_standing_orders(db=db, owner_id=alice.user_id)[0]
    assert order.amount_cents == 2_000  # "3 months" is no amount
    assert order.end_date is not None


def test_a_frequency_and_an_end_said_at_the_read_back_change_it_and_stop_it_is_no_cancel(alice: Customer) -> None:
    chat = Conversation(alice)
    chat.say("pay bob 20 on the 1st of every month")

    weekly = chat.say("make it weekly on fridays")
    ends = chat.say("stop it after 4 payments")

    assert "**When:** every Friday" in weekly.content
    assert ends.pending is not None
    assert "The last payment is on **" in ends.content
    assert "**Amount:** £20.00 each time" in ends.content


def test_an_end_date_in_the_past_changes_nothing(alice: Customer) -> None:
    chat = _set_up(alice, "pay bob 20 on the 1st of every month")

    reply = chat.say("change the standing order to bob to end in june 2020")

    assert "has already passed" in reply.content
    assert "Nothing was changed" in reply.content
    with session_scope() as db:
        assert list_standing_orders(db=db, owner_id=alice.user_id)[0].end_date is None


def test_a_new_frequency_without_its_day_asks_for_the_day(alice: Customer) -> None:
    chat = _set_up(alice, "pay bob 20 on the 1st of every month")

    asked = chat.say("change the standing order to bob to weekly")
    read_back = chat.say("fridays")

    assert "A weekly standing order needs its day" in asked.content
    assert "**From then on:** £20.00 to Bob Brown every Friday" in read_back.content
    assert "is now **£20.00 to Bob Brown every Friday**" in chat.say("yes").content


def test_an_amendment_waiting_for_approval_is_named_in_a_reminder(alice: Customer) -> None:
    with session_scope() as db:
        set_up_app(db, alice.user_id)
    chat = _set_up(alice, "pay my landlord 900 on the 1st of every month")
    chat.say("change my rent one to 5000")
    assert "needs your approval" in chat.say("yes").content

    listed = chat.say("my standing orders")

    assert "your change to the standing order to Landlord - Oak Estates" in listed.content
    assert "£900.00" in listed.content
