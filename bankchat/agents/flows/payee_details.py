"""A saved payee's new bank details ("update bob's sort code", "bobs changed banks"): how, since the chat can't.

These were read as the customer's own personal details, or as "show bob's details": the request was lost.
A payee's sort code and account number are only ever set when it is added, so the answer is to remove the
payee and add it again; nothing is changed here.
"""

from __future__ import annotations

import re

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Slot
from bankchat.agents.flows.values import PayeeRef
from bankchat.bank import payees as bank_payees
from bankchat.errors import PayeeNotFound

PAYEE = Slot("payee", (PayeeRef,), fills=("payee",), description="The saved payee whose details changed, if named.")
_DETAILS = r"(?:sort ?code|account (?:number|no|num)|acc(?:ount)? no|bank details|bank account|details|iban)"
_VERB = r"(?:change|changing|update|updating|edit|amend|correct|fix)"
_CHANGE = re.compile(
    rf"\b{_VERB}\b.{{0,30}}"
    rf"\b(?!my\b|your\b|our\b|the\b)[a-z]+(?:'s|’s|s)\s+{_DETAILS}\b"
    rf"|\b{_VERB}\b.{{0,20}}\b(?:a |the |my )?payee'?s?\s+{_DETAILS}\b"
    rf"|\b(?!i\b|we\b|ive\b)[a-z]+(?:'s|’s|s| has)\s+(?:changed|switched|moved)\s+(?:banks?|bank accounts?|accounts?)\b"
    rf"|\bnew\s+{_DETAILS}\s+for\s+(?!me\b|my\b)[a-z]+"
    rf"|\b(?!my\b|your\b|our\b|the\b)[a-z]+(?:'s|’s|s)\s+{_DETAILS}\s+(?:has|have|is|are)?\s*(?:changed|different|new)\b",
    re.IGNORECASE,
)


def asks_to_change_payee_details(text: str) -> bool:
    """ "update bob's sort code", "change bobs account number", "bobs changed banks": a saved payee's details,
    never the customer's own ("change my account number")."""
    return bool(_CHANGE.search(text))


def _named(ctx: FlowContext, filled: Filled) -> str | None:
    ref = filled.get("payee", PayeeRef)
    try:
        return bank_payees.get_payee(db=ctx.db, owner_id=ctx.owner, payee_id=ref.id).name if ref else None
    except PayeeNotFound:
        return None


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    name = _named(ctx, filled)
    steps = (
        f"say **remove {name} from my payees**, then **add {name} as a payee, sort code …, account …** with the new "
        "details"
        if name
        else "say e.g. **remove Tom from my payees**, then **add Tom Smith as a payee, sort code 20-00-00, account "
        "12345678** with the new details"
    )
    text = (
        "I can't change a saved payee's sort code or account number: they're set when the payee is added. To pay "
        f"the new account, remove the payee and add them again: {steps}. Nothing has been changed."
    )
    return Outcome(text, ({"tool": "payee_details_change", "payee": name},))


PAYEE_DETAILS_CHANGE = Flow(
    name="payee_details_change",
    purpose="Say how to pay a saved payee's new bank details (remove and add again); never changes anything.",
    agent="transfers",
    slots=(PAYEE,),
    act=_act,
)
