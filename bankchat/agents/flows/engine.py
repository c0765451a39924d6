"""The one engine that runs every flow: collect → check → read back → confirm → act, cancel at any step.

It executes the understanding stage's commands in order and one reply covers them all
("check my balance and freeze my card" answers both). Each command commits on its own, so
a later one that fails leaves the earlier ones done and says what was and was not done;
nothing is ever half-done inside one command (a transfer is one bank transaction).
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session as Db

from bankchat.agents.flows import BY_NAME, approval_text, same_family
from bankchat.agents.flows.answers import answer
from bankchat.agents.flows.queue import (
    QUEUED,
    also_cancelled,
    also_dropped,
    amend_queue,
    be_sure,
    drop_queue,
    enqueue,
    is_queued,
    moves_money,
    not_sent,
    queued_behind,
    reminder,
    set_aside,
    stopped_while_checked,
    waiting_behind,
    waits_behind,
    what_waits,
)
from bankchat.agents.flows.refusals import sentence
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Problem, Slot
from bankchat.agents.flows.values import from_json
from bankchat.agents.types import PendingStep, Reply, Subject, Turn
from bankchat.agents.understanding.commands import (
    Approve,
    Cancel,
    Command,
    Confirm,
    HandOff,
    Hold,
    Knowledge,
    SetSlots,
    StartFlow,
)
from bankchat.agents.understanding.entities import Entities
from bankchat.bank import approvals, authenticators, reads
from bankchat.bank.approvals import Operation

log = logging.getLogger(__name__)


@dataclass
class _Part:
    text: str
    agent: str
    intent: str
    confidence: float
    actions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Run:
    """What one turn has done so far."""

    pending: PendingStep | None
    parts: list[_Part] = field(default_factory=list)
    subject: Subject | None = None
    touched: bool = False
    """Whether a command acted on the waiting step (else it is offered again at the end)."""
    previous: tuple[str, Filled] | None = None
    """The last flow this turn acted on, and its slots (an ellipsis reuses them)."""
    opened: PendingStep | None = None
    """The step this turn left waiting: a second request to confirm in the same message queues behind it."""
    listed: tuple[Subject, ...] = ()
    """The list a row was picked from ("the 3rd one"): the row's answer keeps it, so "number 1" next still picks."""


def run(commands: list[Command], turn: Turn, db: Db) -> Reply:
    """Execute ``commands`` for ``turn`` in ``db`` (committed after each); one reply for all, and what waits."""
    known = turn.pending is not None and turn.pending.flow in BY_NAME
    state = _Run(pending=turn.pending if known else None)  # a step of a flow that no longer exists is dropped
    ctx = FlowContext(db=db, turn=turn)
    for number, command in enumerate(commands):
        try:
            _execute(ctx, state, command)
            db.commit()
        except Exception:
            db.rollback()
            if number == 0:
                raise  # nothing done yet: the service answers "try again" and the retry is safe
            log.exception("A later request in a message failed", extra={"bankchat_fields": {"command": repr(command)}})
            state.parts.append(_Part(PARTLY_DONE, "assistant", "error", 0.0))
            break
    if is_queued(state.pending):
        _release(ctx, state)  # what waited in front of it has ended (refused, or done without a question)
    elif state.pending is not None and not state.touched:
        _remind_or_set_aside(ctx, state, state.pending)
    first = state.parts[0] if state.parts else _Part("How can I help?", "assistant", "unknown", 0.0)
    return Reply(
        content="\n\n".join(p.text for p in state.parts),
        agent=first.agent,
        intent=first.intent,
        confidence=first.confidence,
        actions=[a for p in state.parts for a in p.actions],
        pending=state.pending,
        subject=state.subject,
    )


MAX_REMINDERS = 2
"""Replies in a row that may end with "By the way, ... is still waiting"; on the next, the step is set aside."""


def _remind_or_set_aside(ctx: FlowContext, state: _Run, pending: PendingStep) -> None:
    """Remind the customer of the waiting step, or, once they have talked of other things for
    ``MAX_REMINDERS`` replies, set it aside (nothing of it was done) and offer what waited behind it."""
    if pending.reminded < MAX_REMINDERS:
        state.pending = dataclasses.replace(pending, reminded=pending.reminded + 1)
        state.parts.append(_Part(reminder(ctx, pending), "assistant", "reminder", 1.0))
        return
    state.pending = pending.after
    state.parts.append(_Part(set_aside(ctx, pending), "assistant", "reminder", 1.0))
    if state.pending is not None:
        _offer_put_aside(ctx, state)


PARTLY_DONE = (
    "Sorry, I couldn't do the rest of your message just now. Everything above is done; nothing else was changed."
)


def _execute(ctx: FlowContext, state: _Run, command: Command) -> None:
    pending = state.pending
    flow = BY_NAME.get(pending.flow) if pending else None
    if isinstance(command, HandOff):
        command = StartFlow("handoff", ctx.turn.text, command.confidence)
    if isinstance(command, StartFlow):
        _start(ctx, state, command)
    elif isinstance(command, SetSlots) and pending is not None and flow is not None:
        state.touched = True
        filled = _filled(flow, pending)
        if command.swapped is not None:
            filled = Filled.from_json(command.swapped.slots, flow.slots)
        filled, problem = _fill(ctx, flow, filled, command.text, pending.asking, command.given)
        pending, amended = amend_queue(pending, command.text, filled.to_json())  # "make them both 25": in line too
        state.pending = pending.after
        _advance(ctx, state, flow, filled, command.text, 1.0, prefix=problem, after=pending.after)
        if amended and pending.after is not None:
            what = what_waits(ctx, pending.after)
            note = f"{what[:1].upper()}{what[1:]} changes the same way; it's read back for its own **yes** next."
            state.parts.append(_Part(note, flow.agent, flow.name, 1.0, [{"tool": flow.name, "step": "queue_amended"}]))
    elif isinstance(command, Confirm) and pending is not None and flow is not None:
        state.touched = True
        _confirm(ctx, state, flow, pending)
    elif isinstance(command, Approve) and pending is not None and flow is not None:
        state.touched = True
        _approve(ctx, state, flow, pending, command.code)
    elif isinstance(command, Cancel) and command.queued_only and pending is not None and flow is not None:
        state.touched = True  # "no, just the bob one": what waits behind it goes, it still waits for its yes
        dropped = queued_behind(pending)
        state.pending = drop_queue(pending)
        still = reminder(ctx, state.pending, opening="")
        text = f"Okay, just this one.{also_dropped(dropped)}\n\n{still[:1].upper()}{still[1:]}"
        state.parts.append(_Part(text, flow.agent, "cancel", 1.0, [{"tool": flow.name, "step": "queue_dropped"}]))
    elif isinstance(command, Cancel) and pending is not None and flow is not None:
        state.touched = True
        dropped = queued_behind(pending) if command.everything else 0
        if pending.approval:
            approvals.cancel(ctx.db, owner_id=ctx.owner, public_id=pending.approval)
        state.pending = drop_queue(pending).after if dropped else pending.after
        text = flow.cancelled + also_cancelled(dropped)
        state.parts.append(_Part(text, flow.agent, "cancel", 1.0, [{"tool": flow.name, "step": "cancelled"}]))
        _offer_put_aside(ctx, state)
    elif isinstance(command, Hold) and pending is not None and flow is not None:
        state.touched = True
        filled = _filled(flow, pending)
        behind = pending.after
        if pending.stage == "approve" and pending.approval:
            view = approvals.get_approval(ctx.db, owner_id=ctx.owner, public_id=pending.approval)
            text = approval_text.still_waiting(view)
        elif command.be_sure:
            text = be_sure(ctx, pending)
        elif command.unsent and behind is not None and flow.slot("amount") is None and moves_money(behind):
            first = reminder(ctx, pending, "First, ")
            behind_line = waiting_behind(ctx, behind)
            text = f"{not_sent(ctx.turn.text)}. {behind_line[:1].upper()}{behind_line[1:]}\n\n{first}"
        elif command.unsent and (pending.stage != "confirm" or not flow.hold):
            text = reminder(ctx, pending, opening=f"{not_sent(ctx.turn.text)}, as ")  # "did that go thru?"
        else:
            text = flow.hold(ctx, filled) if flow.hold else reminder(ctx, pending)
        state.parts.append(_Part(text, flow.agent, "hold", 1.0, [{"tool": flow.name, "step": "held"}]))
        if pending.stage == "confirm":
            state.pending = dataclasses.replace(pending, held=True)  # a bare "ok" next is not a yes
    else:
        reply = answer(ctx.turn, command, pending)
        state.parts.append(_Part(reply.content, reply.agent, reply.intent, reply.confidence, list(reply.actions)))
        if isinstance(command, Knowledge):
            state.subject = Subject(command.topic, {})  # "it's the debit one" after an article on declined cards


def _start(ctx: FlowContext, state: _Run, command: StartFlow) -> None:
    flow = BY_NAME[command.flow]
    pending = state.pending
    if pending is not None and pending.flow == flow.name and not command.fresh:  # a new amount: amend it
        state.touched = True
        filled, after = _filled(flow, pending), pending.after
    else:
        filled, after = Filled(), pending
        if command.inherit is not None and same_family(command.inherit.flow, flow.name):
            filled = Filled.from_json(command.inherit.slots, flow.slots)
            state.listed = command.inherit.items
        if command.ellipsis and state.previous is not None and state.previous[0] == flow.name:
            filled = state.previous[1]
    filled, problem = _fill(ctx, flow, filled, command.text, "", command.given)
    if command.refers is not None:
        filled = _borrow(flow, filled, command.refers)
    urgent = flow.urgent and not command.queued
    if flow.confirm and not urgent and state.opened is not None and state.pending is state.opened:
        _queue(ctx, state, flow, filled, command.confidence, problem)  # one read-back, one yes, at a time
        return
    state.pending = after
    _advance(ctx, state, flow, filled, command.text, command.confidence, prefix=problem, after=after)


def _borrow(flow: Flow, filled: Filled, referent: Subject) -> Filled:
    """Slots still empty, filled by kind from what "it" points at ("freeze it" after a lost-card report); by
    name from an answer of the same flow ("how much was it?" after the latest salary: the salary again)."""
    values = [v for raw in referent.slots.values() if (v := from_json(raw)) is not None]
    same = referent.slots if referent.flow == flow.name else {}
    changes: dict[str, Any] = {}
    for slot in flow.slots:
        if not filled.has(slot.name):
            found = next((v for v in values if isinstance(v, slot.kinds) and not isinstance(v, str | int)), None)
            kept = from_json(same[slot.name]) if slot.name in same else None
            if found is not None or kept is not None:
                changes[slot.name] = found if found is not None else kept
    return filled.with_values(changes, flow.slots)


def _fill(
    ctx: FlowContext, flow: Flow, filled: Filled, text: str, asking: str, given: tuple[tuple[str, str], ...] = ()
) -> tuple[Filled, str]:
    """``filled`` with what ``text`` names (and the ``given`` words per slot); why a written amount was refused."""
    changes: dict[str, Any] = {}
    problem = ""
    if text:
        changes, problem = _read(ctx, flow, Entities(ctx.db, ctx.owner, text, ctx.today), asking)
    for name, words in given:
        slot = flow.slot(name)
        if slot is None:
            continue
        if slot.quoted is not None:
            if (value := slot.quoted(words)) is not None:
                changes[name] = value
            continue
        found, refused = _read(ctx, flow, Entities(ctx.db, ctx.owner, words, ctx.today), name, only=slot)
        changes.update(found)
        problem = problem or refused
    return filled.with_values(changes, flow.slots), problem


def _read(
    ctx: FlowContext, flow: Flow, entities: Entities, asking: str, only: Slot | None = None
) -> tuple[dict[str, Any], str]:
    changes: dict[str, Any] = {}
    groups: set[str] = set()
    for slot in (only,) if only is not None else flow.slots:
        if slot.group and slot.group in groups:
            continue  # the first of a group wins: "what did I pay Netflix?" is the merchant, not "pay" (salary)
        for name in slot.fills + (slot.answers if slot.name == asking else ()):
            value = entities.get(name)
            if value is not None and isinstance(value, slot.kinds):
                changes[slot.name] = value
                if slot.group:
                    groups.add(slot.group)
                break
    problem = ""
    for name in ("amount", "card"):
        if flow.slot(name) is None or (only is not None and only.name != name):
            continue
        why = entities.refused(name)
        if why:
            changes[name] = None
            problem = problem or why + " "
    return changes, problem


def _advance(
    ctx: FlowContext,
    state: _Run,
    flow: Flow,
    filled: Filled,
    text: str,
    confidence: float,
    *,
    prefix: str = "",
    after: PendingStep | None,
) -> None:
    """Ask for what is missing, or check, read back (and wait), or act."""
    if flow.prepare is not None:
        filled = flow.prepare(ctx, filled)
    missing = flow.missing(filled)
    if missing is None and flow.check is not None:
        problem = flow.check(ctx, filled)
        if problem is not None:
            if problem.slot is None:
                state.parts.append(
                    _Part(problem.message, flow.agent, flow.name, confidence, [{"tool": flow.name, "step": "refused"}])
                )
                return
            filled, prefix = filled.without(problem.slot), prefix + sentence(problem.message)
            missing = flow.slot(problem.slot)
    if missing is not None:
        _ask(ctx, state, flow, filled, missing, confidence, prefix, after)
        return
    if flow.confirm and (refusal := _cannot_approve(ctx, flow, filled)):
        state.parts.append(
            _Part(prefix + refusal, flow.agent, flow.name, confidence, [{"tool": flow.name, "step": "refused"}])
        )
        return
    if flow.confirm:
        assert flow.read_back is not None
        key = f"chat-{uuid.uuid4().hex}"
        step = PendingStep(flow=flow.name, stage="confirm", slots=filled.to_json(), key=key, after=after)
        state.pending = state.opened = step
        state.touched = True
        action = {"tool": flow.name, "step": "read_back"}
        behind = waits_behind(ctx, after) if after is not None else ""
        state.parts.append(
            _Part(prefix + flow.read_back(ctx, filled) + behind, flow.agent, flow.name, confidence, [action])
        )
        return
    _act(ctx, state, flow, filled, confidence, prefix)


def _cannot_approve(ctx: FlowContext, flow: Flow, filled: Filled) -> str:
    """Why the customer can't approve what ``filled`` asks for, said before any read-back ("" when they can, or
    it needs no approval): a payment that needs a passkey or an app's code from someone who has neither."""
    operation = flow.approval(ctx, filled) if flow.approval is not None else None
    if operation is None or authenticators.methods(ctx.db, owner_id=ctx.owner):
        return ""
    return approval_text.no_authenticator(operation)


def _ask(
    ctx: FlowContext,
    state: _Run,
    flow: Flow,
    filled: Filled,
    slot: Slot,
    confidence: float,
    prefix: str,
    after: PendingStep | None,
) -> None:
    question = flow.ask(ctx, filled, slot) if flow.ask else slot.description
    if isinstance(question, Problem):
        state.parts.append(
            _Part(question.message, flow.agent, flow.name, confidence, [{"tool": flow.name, "step": "refused"}])
        )
        return
    state.pending = PendingStep(flow=flow.name, stage="collect", slots=filled.to_json(), asking=slot.name, after=after)
    state.opened, state.touched = state.pending, True
    hint = "" if "cancel" in question.lower() else " (Say **cancel** to stop.)"
    action = {"tool": flow.name, "step": "asked", "detail": slot.name}
    state.parts.append(_Part(prefix + question + hint, flow.agent, flow.name, confidence, [action]))


def _confirm(ctx: FlowContext, state: _Run, flow: Flow, pending: PendingStep) -> None:
    if is_queued(pending):
        _release(ctx, state)  # a yes before its own read-back only reads it back
        return
    if pending.stage == "approve":  # a yes is no approval: how to give it, again
        view = approvals.get_approval(ctx.db, owner_id=ctx.owner, public_id=pending.approval)
        state.parts.append(_Part(approval_text.still_waiting(view), flow.agent, "hold", 1.0))
        return
    filled = _filled(flow, pending)
    if pending.stage != "confirm" or not pending.key or flow.missing(filled) is not None:
        # still collecting, or a stored step that no longer reads whole: ask and read back again, never act
        state.pending = pending.after
        _advance(ctx, state, flow, filled, "", 1.0, prefix="I still need a few details. ", after=pending.after)
        return
    if flow.second_look is not None and not pending.warned and (warning := flow.second_look(ctx, filled)):
        state.pending = dataclasses.replace(pending, warned=True, held=True)  # a bare "ok" next is not the yes
        state.parts.append(_Part(warning, flow.agent, "confirm", 1.0, [{"tool": flow.name, "step": "warned"}]))
        return
    if flow.approval is not None and (operation := flow.approval(ctx, filled)) is not None:
        _ask_approval(ctx, state, flow, pending, operation)
        return
    state.pending = pending.after
    offered = _act(dataclasses.replace(ctx, key=pending.key), state, flow, filled, 1.0, "", intent="confirm")
    if not offered:  # an offer asks its own question; what was put aside is offered once it is answered
        _offer_put_aside(ctx, state)


def _ask_approval(ctx: FlowContext, state: _Run, flow: Flow, pending: PendingStep, operation: Operation) -> None:
    """Open an approval bound to ``operation`` and wait for the passkey or the code (or say how to set one up)."""
    if not authenticators.methods(ctx.db, owner_id=ctx.owner):
        state.pending = pending.after
        action = {"tool": flow.name, "step": "refused", "detail": "no_authenticator"}
        state.parts.append(_Part(approval_text.no_authenticator(operation), flow.agent, "confirm", 1.0, [action]))
        _offer_put_aside(ctx, state)
        return
    opened = approvals.open_approval(ctx.db, owner_id=ctx.owner, operation=operation)
    state.pending = dataclasses.replace(pending, stage="approve", approval=opened.public_id, held=False)
    action = {"tool": flow.name, "step": "approval", "detail": opened.public_id}
    state.parts.append(_Part(approval_text.asked(opened), flow.agent, "confirm", 1.0, [action]))


_SPENT = frozenset({"locked", "expired", "used"})
"""An approval in one of these states can never be given: the payment must be asked for again."""


def _approve(ctx: FlowContext, state: _Run, flow: Flow, pending: PendingStep, code: str) -> None:
    """The customer's code (or word of a passkey signature) for the waiting approval: verified, used once for
    exactly the operation read back, then the flow acts; anything else changes nothing."""
    filled = _filled(flow, pending)
    operation = flow.approval(ctx, filled) if flow.approval is not None and pending.stage == "approve" else None
    if operation is None or not pending.approval:
        action = {"tool": flow.name, "step": "held"}
        state.parts.append(_Part(reminder(ctx, pending), flow.agent, "hold", 1.0, [action]))
        return
    if code:
        verdict = approvals.verify_code(ctx.db, owner_id=ctx.owner, public_id=pending.approval, code=code)
    else:
        verdict = approvals.Verdict(True, "approved")  # the passkey was verified when it signed: consume checks it
    if verdict.ok and approvals.consume(ctx.db, owner_id=ctx.owner, public_id=pending.approval, operation=operation):
        ctx.db.commit()  # used up before the money moves: a crash between the two can't approve it twice
        state.pending = pending.after
        if not _act(dataclasses.replace(ctx, key=pending.key), state, flow, filled, 1.0, "", intent="confirm"):
            _offer_put_aside(ctx, state)
        return
    view = approvals.get_approval(ctx.db, owner_id=ctx.owner, public_id=pending.approval)
    status = view.status if view is not None else "locked"
    if status in _SPENT or (not verdict.ok and verdict.reason in _SPENT):
        state.pending = pending.after  # it can no longer be approved: the payment must be asked for again
    text = approval_text.not_approved(verdict, status, bool(code))
    action = {"tool": flow.name, "step": "not_approved", "detail": verdict.reason if not verdict.ok else status}
    state.parts.append(_Part(text, flow.agent, "confirm", 1.0, [action]))
    if state.pending is not pending:
        _offer_put_aside(ctx, state)


def _act(
    ctx: FlowContext, state: _Run, flow: Flow, filled: Filled, confidence: float, prefix: str, intent: str = ""
) -> bool:
    """Do ``flow``'s work; whether its answer left an offer waiting for a yes (``Outcome.offer``)."""
    outcome = flow.act(ctx, filled)
    reads.forget(ctx.db)  # an act may write in a transaction of its own (a transfer): nothing read before holds
    state.parts.append(_Part(prefix + outcome.text, flow.agent, intent or flow.name, confidence, list(outcome.actions)))
    state.subject = Subject(flow.name, filled.to_json(), outcome.items or state.listed)
    state.previous = (flow.name, filled)
    if flow.stops_payments:
        _stop_payments(ctx, state)
    offer = outcome.offer
    if offer is None or offer.flow not in BY_NAME:
        return False
    key = f"chat-{uuid.uuid4().hex}"
    step = PendingStep(flow=offer.flow, stage="confirm", slots=dict(offer.slots), key=key, after=state.pending)
    state.pending = state.opened = step
    state.touched = True
    return True


def _stop_payments(ctx: FlowContext, state: _Run) -> None:
    """Set aside every payment waiting (read back or queued), saying so: nothing of it is sent."""
    chain: list[PendingStep] = []
    step = state.pending
    while step is not None:
        chain.append(step)
        step = step.after
    kept: PendingStep | None = None
    for step in reversed(chain):  # the chain rebuilt without the payments, in its order
        if not moves_money(step):
            kept = dataclasses.replace(step, after=kept)
    for step in chain:
        if moves_money(step):
            state.parts.append(_Part(stopped_while_checked(ctx, step), "assistant", "reminder", 1.0))
    state.pending = kept


def _offer_put_aside(ctx: FlowContext, state: _Run) -> None:
    """A step put aside by the one that just ended is offered again at once; a queued one is read back."""
    if is_queued(state.pending):
        _release(ctx, state)
    elif state.pending is not None:
        state.parts.append(_Part(reminder(ctx, state.pending), "assistant", "reminder", 1.0))


def _queue(ctx: FlowContext, state: _Run, flow: Flow, filled: Filled, confidence: float, problem: str) -> None:
    """Keep ``flow`` behind the step this turn opened; it is checked and read back when that one ends."""
    assert state.pending is not None
    step = PendingStep(flow=flow.name, stage=QUEUED, slots=filled.to_json())
    state.pending = state.opened = enqueue(state.pending, step)
    what = flow.waiting(ctx, filled) if flow.waiting else "your next request"
    text = (
        f"{problem}Then {what}: I'll read it back for its own **yes** once you've answered the one before it. "
        "Nothing of it is done until then."
    )
    state.parts.append(_Part(text, flow.agent, flow.name, confidence, [{"tool": flow.name, "step": "queued"}]))


def _release(ctx: FlowContext, state: _Run) -> None:
    """The first queued step, checked against today's balances and read back (or asked for what it lacks)."""
    while is_queued(state.pending):
        step = state.pending
        assert step is not None
        state.pending, flow = step.after, BY_NAME.get(step.flow)
        if flow is not None:  # a refusal leaves the next queued step in front: the loop reads it back
            _advance(ctx, state, flow, _filled(flow, step), "", 1.0, prefix="**Next:** ", after=step.after)


def _filled(flow: Flow, pending: PendingStep) -> Filled:
    return Filled.from_json(pending.slots, flow.slots)
