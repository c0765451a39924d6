"""Appealing a dispute decision in chat: the case, the new information, the read-back, reopened once, refused after."""

from __future__ import annotations

from bankchat.agents.types import Customer
from bankchat.bank import disputes as bank_disputes
from bankchat.bank import ledger
from bankchat.db import session_scope
from tests.agents.customers import new_customer
from tests.agents.dialogue_driver import Conversation

NEW = "the courier emailed me to say the parcel was never delivered"


def _rejected_case(customer: Customer, place: int = 0) -> str:
    """A case of ``customer``'s, rejected by staff with a note; its reference."""
    with session_scope() as db:
        line = ledger.search_transactions(
            db=db, owner_id=customer.user_id, direction="out", spending_only=True, limit=5
        ).items[place]
        case = bank_disputes.open_dispute(db=db, owner_id=customer.user_id, entry_id=line.id, reason="not_received")
    staff = new_customer("bob")
    with session_scope() as db:
        bank_disputes.reject(db=db, reference=case.reference, staff_id=staff.user_id, note="Shop says delivered")
    return case.reference


def _case(customer: Customer, reference: str) -> bank_disputes.DisputeView:
    with session_scope() as db:
        return bank_disputes.get_dispute(db=db, owner_id=customer.user_id, reference=reference)


def test_appeal_asks_what_is_new_reads_it_back_and_reopens_on_yes(alice: Customer) -> None:
    reference = _rejected_case(alice)
    talk = Conversation(alice)

    asked = talk.say(f"I want to appeal {reference}")
    assert asked.pending is not None
    assert (asked.pending.flow, asked.pending.asking) == ("appeal_dispute", "note")
    assert "was rejected" in asked.content
    assert "Shop says delivered" in asked.content
    assert "new information" in asked.content
    read_back = talk.say(NEW)
    assert read_back.pending is not None
    assert read_back.pending.stage == "confirm"
    assert NEW in read_back.content
    assert _case(alice, reference).status == "rejected"

    done = talk.say("yes")

    assert f"I've reopened case **{reference}**" in done.content
    case = _case(alice, reference)
    assert (case.status, case.appeal_note) == ("open", NEW)
    assert "**Open again**" in talk.say("what's happening with my dispute").content


def test_appeal_without_a_reference_takes_the_only_rejected_case(alice: Customer) -> None:
    reference = _rejected_case(alice)

    asked = Conversation(alice).say("that dispute decision is wrong")

    assert asked.pending is not None
    assert asked.pending.asking == "note"
    assert reference in asked.content


def test_appeal_with_several_rejected_cases_asks_which(alice: Customer) -> None:
    first, second = _rejected_case(alice, 0), _rejected_case(alice, 1)
    talk = Conversation(alice)

    which = talk.say("I disagree with the decision on my dispute")
    assert first in which.content
    assert second in which.content
    asked = talk.say(second.lower())

    assert asked.pending is not None
    assert asked.pending.asking == "note"
    assert f"Case **{second}**" in asked.content


def test_another_request_at_the_question_is_no_new_information(alice: Customer) -> None:
    reference = _rejected_case(alice)
    talk = Conversation(alice)
    talk.say(f"appeal {reference}")

    balance = talk.say("show my balance please")

    assert "looked at again, with this new information" not in balance.content
    assert _case(alice, reference).status == "rejected"


def test_a_no_at_the_question_reopens_nothing(alice: Customer) -> None:
    reference = _rejected_case(alice)
    talk = Conversation(alice)
    talk.say(f"appeal {reference}")

    cancelled = talk.say("no")

    assert cancelled.pending is None
    assert _case(alice, reference).status == "rejected"


def test_second_appeal_is_refused_politely_with_the_complaints_route(alice: Customer) -> None:
    reference = _rejected_case(alice)
    talk = Conversation(alice)
    talk.say(f"I want to appeal {reference}")
    talk.say(NEW)
    talk.say("yes")
    staff = new_customer("bob")
    with session_scope() as db:
        bank_disputes.reject(db=db, reference=reference, staff_id=staff.user_id, note="Signed for at the door")

    again = Conversation(alice).say(f"I want to appeal {reference}")

    assert again.pending is None
    assert "has been looked at again once" in again.content
    assert "make a complaint" in again.content
    assert _case(alice, reference).status == "rejected"


def test_appeal_of_an_open_case_or_with_no_rejected_case_is_refused(alice: Customer) -> None:
    assert "no rejected disputes" in Conversation(alice).say("I want to appeal my dispute").content
    with session_scope() as db:
        line = ledger.search_transactions(
            db=db, owner_id=alice.user_id, direction="out", spending_only=True, limit=1
        ).items[0]
        case = bank_disputes.open_dispute(db=db, owner_id=alice.user_id, entry_id=line.id, reason="other")

    refused = Conversation(alice).say(f"please reopen {case.reference}")

    assert "still open" in refused.content
    assert "Only a rejected case" in refused.content
    assert refused.pending is None


def test_another_customers_case_is_not_found(alice: Customer) -> None:
    reference = _rejected_case(new_customer("bob"))

    refused = Conversation(alice).say(f"I want to appeal {reference}")

    assert "couldn't find a dispute with that reference" in refused.content
    assert refused.pending is None
