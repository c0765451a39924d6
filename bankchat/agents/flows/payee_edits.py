"""Rename a payee ("rename bob to Bobby", "call priya 'sis'") at once; remove one after a read-back and a yes.

A removed payee's past payments stay in the statements under its name; it is no longer
listed or payable (``bankchat.bank.payee_changes``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.flows.values import PayeeRef
from bankchat.bank import payee_changes
from bankchat.bank import payees as bank_payees
from bankchat.bank.payees import PayeeView
from bankchat.errors import DuplicatePayee, InvalidPayeeName, PayeeNotFound

RENAMED = Slot(
    "payee",
    (PayeeRef,),
    fills=("renamed_payee", "payee"),
    answers=("payee",),
    required=True,
    description="The saved payee to rename.",
)
CHANGE = Slot(
    "change",
    (str,),
    fills=("rename",),
    answers=("said_name",),
    required=True,
    description='The new name, or "nickname=<new nickname>".',
)
REMOVED = Slot(
    "payee", (PayeeRef,), fills=("payee",), answers=("payee",), required=True, description="The payee to remove."
)


def _payee(ctx: FlowContext, filled: Filled) -> PayeeView | None:
    ref = filled.get("payee", PayeeRef)
    try:
        return bank_payees.get_payee(db=ctx.db, owner_id=ctx.owner, payee_id=ref.id) if ref else None
    except PayeeNotFound:
        return None


_NAMED = re.compile(
    r"\b(?:remove|delete|rename|call|change)\s+(?:my\s+)?(?!(?:a|an|the|my|payees?|one|someone|it|them)\b)"
    r"(?P<who>[a-z][a-z'’-]*)\b(?:'s)?\s+(?:from|off|to|as|nick)",
    re.IGNORECASE,
)
"""Whom a request named that no payee matched ("remove **dave** from my payees"): said back before the question."""


def _which(verb: str) -> Callable[[FlowContext, Filled, Slot], str | Problem]:
    """The question for the payee (or, for a rename, the new name), naming the payees to choose from."""

    def ask(ctx: FlowContext, filled: Filled, slot: Slot) -> str | Problem:
        payees = bank_payees.list_payees(db=ctx.db, owner_id=ctx.owner)
        if not payees:
            return Problem(None, "You have no saved payees yet.")
        if slot.name == "change":
            payee = _payee(ctx, filled)
            return f"What should I call **{payee.name if payee else 'them'}** now?"
        names = ", ".join(f"**{p.name}**" for p in payees)
        said = _NAMED.search(ctx.turn.text)
        unknown = f"**{said.group('who').title()}** isn't one of your saved payees. " if said else ""
        return f"{unknown}Which payee would you like to {verb}? You have {names}."

    return ask


def _known(ctx: FlowContext, filled: Filled) -> Problem | None:
    return None if _payee(ctx, filled) is not None else Problem("payee", "I couldn't find that payee")


def _rename(ctx: FlowContext, filled: Filled) -> Outcome:
    payee = _payee(ctx, filled)
    change = filled.get("change", str) or ""
    if payee is None:
        return Outcome("I couldn't find that payee any more. Nothing was changed.")
    field, new = ("nickname", change.removeprefix("nickname=")) if change.startswith("nickname=") else ("name", change)
    try:
        renamed = payee_changes.rename_payee(
            db=ctx.db, owner_id=ctx.owner, payee_id=payee.id, session_id=ctx.turn.session_id, **{field: new}
        )
    except (DuplicatePayee, InvalidPayeeName) as exc:
        return Outcome(
            f"I couldn't rename {payee.name}: {exc.detail}. Nothing was changed.",
            ({"tool": "rename_payee", "step": "refused"},),
        )
    text = (
        f"Done: **{payee.name}** is now known as “{renamed.nickname}”."
        if field == "nickname"
        else f"Done: **{payee.name}** is now called **{renamed.name}**."
    )
    return Outcome(
        text + " Past payments keep the name they were made under.", ({"tool": "rename_payee", "payee": payee.id},)
    )


RENAME_PAYEE = Flow(
    name="rename_payee",
    purpose="Give a saved payee a new name or nickname (another payee's name is refused).",
    agent="transfers",
    slots=(RENAMED, CHANGE),
    ask=_which("rename"),
    check=_known,
    cancelled="Okay, I've left your payees as they are.",
    act=_rename,
)


def _read_back_removal(ctx: FlowContext, filled: Filled) -> str:
    payee = _payee(ctx, filled)
    assert payee is not None
    return (
        f"Remove **{payee.name}** ({payee.sort_code}, {payee.masked_account}) from your payees? Past payments to "
        "them stay in your statements; to pay them again you'd add them anew.\n\n"
        "Reply **yes** to remove them, or **no** to keep them."
    )


def _remove(ctx: FlowContext, filled: Filled) -> Outcome:
    payee = _payee(ctx, filled)
    if payee is None:
        return Outcome("That payee is already gone from your list. Nothing else was changed.")
    payee_changes.remove_payee(db=ctx.db, owner_id=ctx.owner, payee_id=payee.id, session_id=ctx.turn.session_id)
    text = (
        f"Done: **{payee.name}** is no longer one of your payees. Past payments to them are still in your statements."
    )
    return Outcome(text, ({"tool": "remove_payee", "payee": payee.id},))


REMOVE_PAYEE = Flow(
    name="remove_payee",
    purpose="Take a payee off the list (past payments keep their name), after a read-back and a clear yes.",
    agent="transfers",
    slots=(REMOVED,),
    confirm=True,
    ask=_which("remove"),
    check=_known,
    read_back=_read_back_removal,
    waiting=lambda ctx, filled: "removing a payee",
    cancelled="Okay, I haven't removed anyone. Your payees are as they were.",
    assent=("remove them", "remove it", "delete them", "delete it"),
    act=_remove,
)
