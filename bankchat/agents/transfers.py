"""The transfers specialist: slots over several turns, a read-back, yes/no, executed once."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from bankchat.agents import dialogue, transfer_slots
from bankchat.agents.money import PROBLEMS
from bankchat.agents.types import PendingStep, Reply, Turn
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import payees as bank_payees
from bankchat.bank import transfers as bank_transfers
from bankchat.bank.money import format_cents
from bankchat.db import session_scope
from bankchat.errors import AccountNotFound, PayeeNotFound, TransferRejected

NAME = "transfers"
INTENTS = frozenset({"transfer_money"})
FLOW = "transfer"


def handle(turn: Turn, intent: str, confidence: float) -> Reply:
    """Start (or continue) a transfer from this message."""
    slots = dict(turn.pending.slots) if turn.pending and turn.pending.flow == FLOW else {}
    return _advance(turn, intent, confidence, slots)


def continues(turn: Turn, intent: str) -> bool:
    """Whether this message answers the waiting transfer (rather than changing the subject)."""
    assert turn.pending is not None
    if dialogue.is_yes(turn.text) or dialogue.said_no(turn.text, intent) or intent == "transfer_money":
        return True
    if turn.pending.stage == "confirm" and dialogue.holds(turn.text, intent, INTENTS):
        return True  # "is that right?", "ok wait": held, never sent
    correction = dialogue.corrects(turn.text)
    if not correction and dialogue.changes_subject(turn.text, intent, INTENTS):
        return False
    with session_scope() as db:
        said = transfer_slots.read(db, turn.customer.user_id, turn.text, turn.pending.slots.get("asking", ""))
    return said.mentions_anything


def resume(turn: Turn, intent: str, confidence: float) -> Reply:
    """Go on with the waiting transfer: send it on a clear yes, amend it, cancel it, or fill what is missing.

    At the read-back only ``dialogue.is_yes`` sends the money; a correction ("yes but make it
    50", "from savings instead") changes the transfer and reads it back again; a question or
    a doubt leaves it waiting, unsent.
    """
    assert turn.pending is not None
    pending = turn.pending
    if pending.stage == "confirm":
        if dialogue.is_yes(turn.text):
            return _execute(turn, pending)
        with session_scope() as db:
            said = transfer_slots.read(db, turn.customer.user_id, turn.text)
        if said.mentions_anything:
            return _advance(turn, intent, confidence, dict(pending.slots))
        if dialogue.said_no(turn.text, intent):
            return _cancelled()
        return _hold(turn, pending)
    if dialogue.said_no(turn.text, intent):
        return _cancelled()
    if dialogue.is_yes(turn.text):
        return _ask(turn, intent, confidence, dict(pending.slots), prefix="I still need a few details. ")
    return _advance(turn, intent, confidence, dict(pending.slots))


def _cancelled() -> Reply:
    return Reply("Okay, I've cancelled that transfer. No money was moved.", NAME, "cancel", 1.0, [_act("cancelled")])


def _hold(turn: Turn, pending: PendingStep) -> Reply:
    """Neither a clear yes nor a no: nothing is sent and the same transfer keeps waiting."""
    amount = pending.slots.get("amount_cents")
    with session_scope() as db:
        to = _target_label(db, turn.customer.user_id, pending.slots.get("target") or {})
    what = f"{format_cents(amount)} to {to}" if isinstance(amount, int) and to else "this transfer"
    text = (
        "No problem, nothing has been sent. Take your time: when you're ready, reply **yes** to send "
        f'{what}, or **no** to cancel. You can also change it, e.g. "make it 40".'
    )
    return Reply(text, NAME, "hold", 1.0, [_act("held")], pending)


def _advance(turn: Turn, intent: str, confidence: float, slots: dict) -> Reply:
    owner = turn.customer.user_id
    with session_scope() as db:
        said = transfer_slots.read(db, owner, turn.text, slots.get("asking", ""))
        if said.target is not None:
            slots["target"] = said.target
        if said.source_id is not None:
            slots["source_id"] = said.source_id
        if said.amount_problem is not None:
            slots.pop("amount_cents", None)
            return _ask(turn, intent, confidence, slots, prefix=PROBLEMS[said.amount_problem] + " ")
        if said.amount_cents is not None:
            slots["amount_cents"] = said.amount_cents
        _default_source(db, owner, slots)
        if "amount_cents" not in slots or "target" not in slots or "source_id" not in slots:
            return _ask(turn, intent, confidence, slots)
        return _quote(db, turn, intent, confidence, slots)


def _default_source(db: Session, owner: int, slots: dict) -> None:
    """Checking is the usual source; savings when the money goes into checking."""
    if "source_id" in slots or "target" not in slots:
        return
    accounts = [a for a in bank_accounts.list_accounts(db=db, owner_id=owner) if a.kind in ("checking", "savings")]
    target = slots["target"]
    candidates = [a for a in accounts if not (target["type"] == "account" and a.id == target["id"])]
    candidates.sort(key=lambda a: a.kind != "checking")
    if candidates:
        slots["source_id"] = candidates[0].id


def _ask(turn: Turn, intent: str, confidence: float, slots: dict, prefix: str = "") -> Reply:
    owner = turn.customer.user_id
    with session_scope() as db:
        if "amount_cents" not in slots:
            slots["asking"] = "amount"
            where = _target_label(db, owner, slots["target"]) if "target" in slots else ""
            question = f"How much would you like to send{f' to {where}' if where else ''}?"
        elif "target" not in slots:
            slots["asking"] = "target"
            options = [
                a.name
                for a in bank_accounts.list_accounts(db=db, owner_id=owner)
                if a.kind != "credit" and a.id != slots.get("source_id")
            ]
            options += [p.name for p in bank_payees.list_payees(db=db, owner_id=owner)]
            question = (
                f"Who should receive {format_cents(slots['amount_cents'])}? You can send to your "
                + ", ".join(f"**{o}**" for o in options)
                + "."
            )
        else:
            slots["asking"] = "source"
            question = "Which account should the money come from?"
    step = PendingStep(flow=FLOW, stage="collect", slots=slots)
    return Reply(prefix + question + _cancel_hint(), NAME, intent, confidence, [_act("asked", slots["asking"])], step)


def _quote(db: Session, turn: Turn, intent: str, confidence: float, slots: dict) -> Reply:
    target = slots["target"]
    try:
        quote = bank_transfers.validate_transfer(
            db=db,
            owner_id=turn.customer.user_id,
            source_account_id=slots["source_id"],
            amount_cents=slots["amount_cents"],
            target_account_id=target["id"] if target["type"] == "account" else None,
            payee_id=target["id"] if target["type"] == "payee" else None,
        )
    except TransferRejected as exc:
        return _rejected(turn, intent, confidence, slots, exc)
    except (AccountNotFound, PayeeNotFound):
        slots.pop("target", None)
        slots.pop("source_id", None)
        return _ask(turn, intent, confidence, slots, prefix="I couldn't find that account. ")
    slots.pop("asking", None)
    step = PendingStep(flow=FLOW, stage="confirm", slots=slots, key=f"chat-{uuid.uuid4().hex}")
    to = quote.target_account or quote.payee
    number = getattr(to, "masked_number", None) or getattr(to, "masked_account", "")
    text = (
        "Please confirm this transfer:\n\n"
        f"- **Amount:** {format_cents(quote.amount_cents, quote.currency)}\n"
        f"- **From:** {quote.source.name} ({quote.source.masked_number})\n"
        f"- **To:** {quote.target_name}{f' ({number})' if number else ''}\n\n"
        f"Afterwards your {quote.source.name} balance will be "
        f"{format_cents(quote.source.balance_cents - quote.amount_cents, quote.currency)}. "
        "Reply **yes** to send it or **no** to cancel."
    )
    return Reply(text, NAME, intent, confidence, [_act("quoted", amount_cents=quote.amount_cents)], step)


def _rejected(turn: Turn, intent: str, confidence: float, slots: dict, exc: TransferRejected) -> Reply:
    if exc.reason in ("insufficient_funds", "over_daily_limit", "invalid_amount"):
        slots.pop("amount_cents", None)
        return _ask(turn, intent, confidence, slots, prefix=_sentence(exc.detail))
    if exc.reason in ("same_account", "unknown_target"):
        slots.pop("target", None)
        return _ask(turn, intent, confidence, slots, prefix=_sentence(exc.detail))
    if exc.reason == "source_not_allowed":
        slots.pop("source_id", None)
        return _ask(turn, intent, confidence, slots, prefix=_sentence(exc.detail))
    return Reply(
        _sentence(exc.detail) + "No money was moved.", NAME, intent, confidence, [_act("rejected", exc.reason)]
    )


def _execute(turn: Turn, pending: PendingStep) -> Reply:
    slots, target = pending.slots, pending.slots["target"]
    try:
        done = bank_transfers.submit_transfer(
            owner_id=turn.customer.user_id,
            source_account_id=slots["source_id"],
            amount_cents=slots["amount_cents"],
            idempotency_key=pending.key,
            target_account_id=target["id"] if target["type"] == "account" else None,
            payee_id=target["id"] if target["type"] == "payee" else None,
            memo="Sent with BankChat",
        )
    except TransferRejected as exc:
        text = f"I couldn't make that transfer: {_sentence(exc.detail)}No money was moved."
        return Reply(text, NAME, "confirm", 1.0, [_act("rejected", exc.reason)])
    with session_scope() as db:
        balances = {a.id: a for a in bank_accounts.list_accounts(db=db, owner_id=turn.customer.user_id)}
    lines = [
        f"Done! I've sent **{format_cents(done.amount_cents, done.currency)}** from {done.source_name} "
        f"to {done.target_name}.",
        "",
        f"- {done.source_name}: {format_cents(done.source_balance_after_cents, done.currency)}",
    ]
    if done.target_account_id in balances:
        other = balances[done.target_account_id]
        lines.append(f"- {other.name}: {format_cents(other.balance_cents, other.currency)}")
    lines += ["", f"Reference: {done.reference}."]
    action = _act("executed", transfer_id=done.id, amount_cents=done.amount_cents, replayed=done.replayed)
    return Reply("\n".join(lines), NAME, "confirm", 1.0, [action])


def reminder(pending: PendingStep) -> str:
    """A line that offers the waiting transfer again after a change of subject."""
    amount = pending.slots.get("amount_cents")
    what = f"your transfer of {format_cents(amount)}" if isinstance(amount, int) else "your transfer"
    if pending.stage == "confirm":
        return f"By the way, {what} is still waiting: reply **yes** to send it or **no** to cancel."
    return f"By the way, {what} isn't finished yet: tell me what's missing, or say **cancel**."


def _target_label(db: Session, owner: int, target: dict) -> str:
    if target.get("type") not in ("account", "payee") or not isinstance(target.get("id"), int):
        return ""
    try:
        if target["type"] == "account":
            return bank_accounts.get_account(db=db, owner_id=owner, account_id=target["id"]).name
        return bank_payees.get_payee(db=db, owner_id=owner, payee_id=target["id"]).name
    except (AccountNotFound, PayeeNotFound):
        return ""


def _sentence(text: str) -> str:
    """``text`` as a finished sentence followed by a space (the bank's details have no full stop)."""
    text = text.strip()
    return (text if text.endswith((".", "!", "?")) else text + ".") + " "


def _cancel_hint() -> str:
    return " (Say **cancel** to stop.)"


def _act(step: str, detail: object = None, **fields: object) -> dict:
    action: dict = {"tool": "transfer", "step": step, **fields}
    if detail is not None:
        action["detail"] = detail
    return action
