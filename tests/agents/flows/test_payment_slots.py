"""The payment slots, declared once for every flow that speaks of a payment."""

from bankchat.agents import reference
from bankchat.agents.flows import payment_slots
from bankchat.agents.flows.card_bill import PAY_CARD_BILL
from bankchat.agents.flows.standing_orders import STANDING_ORDER
from bankchat.agents.flows.transfer import TRANSFER
from bankchat.agents.flows.transfer_status import TRANSFER_STATUS
from bankchat.agents.flows.values import AccountRef, Money, PayeeRef


def test_what_fills_each_payment_slot_is_the_same_in_every_flow() -> None:
    for flow in (TRANSFER, STANDING_ORDER, TRANSFER_STATUS, PAY_CARD_BILL):
        amount, target = flow.slot("amount"), flow.slot("target")
        assert amount is not None
        assert target is not None
        assert (amount.kinds, amount.fills) == ((Money,), ("amount",))
        assert (target.kinds, target.fills) == ((AccountRef, PayeeRef), ("destination",))


def test_an_answerable_slot_takes_an_account_or_payee_said_alone() -> None:
    assert payment_slots.target("Who.").answers == ("account", "payee")
    assert payment_slots.target("Who.", answerable=False).answers == ()
    assert payment_slots.source("From.").answers == ("account",)
    assert payment_slots.source("From.", required=False, answerable=False).answers == ()


def test_a_reference_quoted_alone_is_taken_as_it_stands() -> None:
    slot = payment_slots.reference("The reference.")
    assert slot.fills == ("reference",)
    assert slot.quoted is reference.quoted
