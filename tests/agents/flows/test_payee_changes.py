"""The payee flows: add (read back masked, saved only on a yes and the approval of exactly that payee), rename at
once, remove after a yes; routing."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from bankchat.agents.types import Customer, PendingStep, Reply
from bankchat.agents.understanding.commands import Approve, Cancel, Confirm, SetSlots, StartFlow
from bankchat.bank import authenticators
from bankchat.bank import payees as bank_payees
from bankchat.db import session_scope
from bankchat.models import AuditEntry, Payee
from tests.agents.customers import new_customer, start_conversation
from tests.agents.flows.steps import commands_for, run
from tests.support.authenticator_app import set_up_app

APPS: dict[int, str] = {}
"""Each customer's authenticator-app secret (a new payee is approved with its code)."""


@pytest.fixture
def alice(database: None) -> Customer:
    """A new customer with alice's payees: Bob Brown (bob), Landlord - Oak Estates (landlord), Priya Shah (priya),
    and an authenticator app set up."""
    customer = new_customer("alice")
    with session_scope() as db:
        APPS[customer.user_id] = set_up_app(db, customer.user_id)
    return customer


def _payees(customer: Customer) -> dict[str, str]:
    with session_scope() as db:
        return {p.name: p.nickname for p in bank_payees.list_payees(db=db, owner_id=customer.user_id)}


def _start(customer: Customer, flow: str, text: str, session: str) -> Reply:
    return run(customer, StartFlow(flow, text, 1.0), text=text, session_id=session)


def _then(customer: Customer, text: str, pending: PendingStep | None, session: str) -> Reply:
    command = Confirm() if text == "yes" else Cancel() if text == "no" else SetSlots(text)
    return run(customer, command, text=text, pending=pending, session_id=session)


def _approved(customer: Customer, pending: PendingStep | None, session: str) -> Reply:
    """A yes to the read-back, then the app's code for the approval it asks for."""
    asked = _then(customer, "yes", pending, session)
    assert "needs your approval" in asked.content, asked.content
    assert asked.pending is not None
    assert asked.pending.stage == "approve"
    code = authenticators.current_code(APPS[customer.user_id])
    return run(customer, Approve(code), text=code, pending=asked.pending, session_id=session)


def test_add_payee_reads_back_masked_and_saves_only_on_yes(alice: Customer) -> None:
    session = start_conversation(alice)
    said = "add my brother Tom Smith as a payee, sort code 20-00-00 account 12345678"

    read_back = _start(alice, "add_payee", said, session)

    assert read_back.pending is not None
    assert read_back.pending.stage == "confirm"
    assert "••-••-00" in read_back.content
    assert "•••• 5678" in read_back.content
    assert "12345678" not in read_back.content
    assert "Tom Smith" not in _payees(alice)

    done = _approved(alice, read_back.pending, session)

    assert "is now one of your payees" in done.content
    assert _payees(alice)["Tom Smith"] == "brother"
    with session_scope() as db:
        audit = db.exec(
            select(AuditEntry).where(AuditEntry.actor_id == alice.user_id, AuditEntry.action == "payee_add")
        ).one()
    assert (audit.action, audit.session_id) == ("payee_add", session)


def test_add_payee_names_the_bank_and_keeps_no_full_number_past_the_message(alice: Customer) -> None:
    session = start_conversation(alice)
    said = "add Tom Smith as a payee, sort code 20-00-00 account 12345678"

    read_back = _start(alice, "add_payee", said, session)
    assert read_back.pending is not None
    waiting = json.dumps(read_back.pending.to_json(), ensure_ascii=False)
    done = _approved(alice, read_back.pending, session)

    assert "- **Bank:** Barclays" in read_back.content
    assert "**Tom Smith** (Barclays, ••-••-00, •••• 5678)" in done.content
    assert done.subject is not None
    stored = [waiting, json.dumps(done.subject.to_json(), ensure_ascii=False), json.dumps(done.actions)]
    for text in [*stored, read_back.content, done.content]:
        assert "12345678" not in text
        assert "200000 " not in text
    with session_scope() as db:
        row = db.exec(select(Payee).where(Payee.owner_id == alice.user_id, Payee.name == "Tom Smith")).one()
    assert row.bank_name == "Barclays"


def test_add_payee_account_number_alone_waits_only_until_the_sort_code_comes(alice: Customer) -> None:
    session = start_conversation(alice)
    asked = _start(alice, "add_payee", "add Jane Doe as a payee", session)

    number = _then(alice, "account 12345678", asked.pending, session)
    assert number.pending is not None
    read_back = _then(alice, "20-00-00", number.pending, session)

    assert read_back.pending is not None
    assert read_back.pending.stage == "confirm"
    assert "12345678" not in json.dumps(read_back.pending.to_json())


def test_add_payee_with_an_iban_abroad_names_its_country(alice: Customer) -> None:
    session = start_conversation(alice)

    read_back = _start(alice, "add_payee", "add Hans Meier as a payee, IBAN DE89 3704 0044 0532 0130 00", session)

    assert "- **Bank:** a bank in Germany" in read_back.content
    assert "- **IBAN:** DE89 •••• 3000" in read_back.content
    assert read_back.pending is not None
    assert "370400440532013000" not in json.dumps(read_back.pending.to_json())


def test_add_payee_asks_name_then_details_and_again_with_the_reason(alice: Customer) -> None:
    session = start_conversation(alice)

    asked = _start(alice, "add_payee", "add a new payee", session)
    assert asked.pending is not None
    assert asked.pending.asking == "name"
    details = _then(alice, "Jane Doe", asked.pending, session)
    assert details.pending is not None
    assert details.pending.asking == "details"
    refused = _then(alice, "08-99-99 66374959", details.pending, session)
    assert refused.pending is not None
    assert refused.pending.asking == "details"
    assert "doesn't pass the bank's check for sort code 08-99-99" in refused.content
    read_back = _then(alice, "08-99-99 66374958", refused.pending, session)
    assert read_back.pending is not None
    assert read_back.pending.stage == "confirm"

    cancelled = _then(alice, "no", read_back.pending, session)

    assert "haven't added anyone" in cancelled.content
    assert "Jane Doe" not in _payees(alice)


def test_add_payee_takes_the_sort_code_and_the_account_number_in_two_answers(alice: Customer) -> None:
    session = start_conversation(alice)
    asked = _start(alice, "add_payee", "add Jane Doe as a payee", session)

    code = _then(alice, "20-00-00", asked.pending, session)
    assert "I have Jane Doe's sort code. What's their **account number**?" in code.content
    read_back = _then(alice, "12345678", code.pending, session)

    assert read_back.pending is not None
    assert read_back.pending.stage == "confirm"
    assert "••-••-00" in read_back.content
    assert "•••• 5678" in read_back.content


def test_add_payee_refuses_the_same_account_naming_the_payee_there(alice: Customer) -> None:
    session = start_conversation(alice)
    first = _start(alice, "add_payee", "add Tom Smith as a payee, iban GB82 WEST 1234 5698 7654 32", session)
    _approved(alice, first.pending, session)

    again = _start(alice, "add_payee", "add Thomas as a payee sort code 12-34-56 account 98765432", session)

    assert "already saved as your payee Tom Smith" in again.content
    assert again.pending is not None
    assert again.pending.asking == "details"


def test_rename_payee_and_nickname(alice: Customer) -> None:
    session = start_conversation(alice)

    renamed = _start(alice, "rename_payee", "rename bob to Bobby Brown", session)
    nicknamed = _start(alice, "rename_payee", "call priya 'sis'", session)

    assert "now called **Bobby Brown**" in renamed.content
    assert "known as “sis”" in nicknamed.content
    assert _payees(alice) == {"Bobby Brown": "bob", "Landlord - Oak Estates": "landlord", "Priya Shah": "sis"}


def test_remove_payee_after_yes_and_unknown_payee_is_asked_for(alice: Customer) -> None:
    session = start_conversation(alice)

    unknown = _start(alice, "remove_payee", "remove dave from my payees", session)
    assert unknown.pending is not None
    assert unknown.pending.asking == "payee"
    assert "**Dave** isn't one of your saved payees" in unknown.content
    assert "**Bob Brown**" in unknown.content
    read_back = _then(alice, "the landlord", unknown.pending, session)
    assert "Remove **Landlord - Oak Estates**" in read_back.content
    assert "Landlord - Oak Estates" in _payees(alice)

    _then(alice, "yes", read_back.pending, session)

    assert "Landlord - Oak Estates" not in _payees(alice)


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        ("add my brother Tom as a payee, sort code 20-00-00 and account 12345678", "add_payee"),
        ("i want to set up a new payee", "add_payee"),
        ("remove my landlord from my payees", "remove_payee"),
        ("rename bob to Bobby", "rename_payee"),
        ("call priya 'sis'", "rename_payee"),
        ("send 20 to bob", "transfer"),
        ("my payees", "list_payees"),
        ("what's bob's sort code?", "list_payees"),
    ],
)
def test_routing_of_payee_requests(alice: Customer, text: str, flow: str) -> None:
    commands = commands_for(alice, text)

    assert [type(c) for c in commands] == [StartFlow]
    assert isinstance(commands[0], StartFlow)
    assert commands[0].flow == flow
