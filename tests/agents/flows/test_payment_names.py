"""How a payment's slots are named to the customer: whom it pays, whom it may pay, the payment that waits."""

from __future__ import annotations

from bankchat.agents.flows.payment_names import target_name, targets_offered, waiting_payment
from bankchat.agents.flows.spec import Filled, FlowContext
from bankchat.agents.flows.values import AccountRef, Money, PayeeRef
from bankchat.agents.types import Customer
from bankchat.db import session_scope
from tests.agents.customers import account_of, say


def test_the_target_is_named_by_its_account_or_payee_and_unnamed_when_gone(alice: Customer) -> None:
    savings = AccountRef(account_of(alice, "savings").id)
    with session_scope() as db:
        ctx = FlowContext(db, say(alice, "send 20"))
        assert target_name(ctx, Filled({"target": savings})) == account_of(alice, "savings").name
        assert target_name(ctx, Filled({"target": PayeeRef(999_999)})) == ""
        assert target_name(ctx, Filled()) == ""


def test_the_targets_offered_leave_out_the_credit_card_and_the_account_it_comes_from(alice: Customer) -> None:
    checking, credit = account_of(alice, "checking"), account_of(alice, "credit")
    with session_scope() as db:
        ctx = FlowContext(db, say(alice, "send 20"))
        everyone, besides = targets_offered(ctx), targets_offered(ctx, besides=AccountRef(checking.id))
    assert f"**{checking.name}**" in everyone
    assert f"**{checking.name}**" not in besides
    assert f"**{credit.name}**" not in everyone
    assert everyone.endswith("**")


def test_a_waiting_payment_is_named_as_far_as_it_is_known(alice: Customer) -> None:
    savings = account_of(alice, "savings")
    waiting = waiting_payment("standing order")
    with session_scope() as db:
        ctx = FlowContext(db, say(alice, "pay mum 50 every month"))
        assert waiting(ctx, Filled()) == "your standing order"
        assert waiting(ctx, Filled({"amount": Money(3000)})) == "your standing order of £30.00"
        named = waiting(ctx, Filled({"amount": Money(3000), "target": AccountRef(savings.id)}))
    assert named == f"your standing order of £30.00 to {savings.name}"
