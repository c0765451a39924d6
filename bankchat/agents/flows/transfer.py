"""Transfer: move money between the customer's accounts or to a saved payee, read back and confirmed."""

from __future__ import annotations

import dataclasses

from bankchat.agents import money, payee_words, slots
from bankchat.agents.flows import payment_slots
from bankchat.agents.flows.payment_names import target_name, targets_offered, waiting_payment
from bankchat.agents.flows.refusals import refusal, sentence
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.flows.values import AccountRef, Money, PayeeRef
from bankchat.agents.reference import reference_in
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import approvals, ledger, payment_reviews, reads
from bankchat.bank import transfers as bank_transfers
from bankchat.bank.money import format_cents
from bankchat.bank.transfer_views import TransferQuote, TransferRequest
from bankchat.errors import AccountNotFound, PayeeNotFound, TransferRejected
from bankchat.settings import get_settings

AMOUNT = dataclasses.replace(payment_slots.amount("How much to send, in pounds."), reads=money.moves_everything)
TARGET = payment_slots.target("Where the money goes: one of the customer's accounts or a saved payee.")
SOURCE = payment_slots.source("The customer's account the money comes from (usually checking).")
REFERENCE = payment_slots.reference("The reference the payee sees on their statement (up to 18 characters).")
_REJECTED_SLOT = {
    "insufficient_funds": "amount",
    "over_daily_limit": "amount",
    "invalid_amount": "amount",
    "same_account": "target",
    "unknown_target": "target",
    "source_not_allowed": "source",
}


def _prepare(ctx: FlowContext, filled: Filled) -> Filled:
    """Checking is the usual source; savings when the money goes into checking. "Everything" is the source's
    whole balance (never its overdraft). "my name" as the reference is the customer's name."""
    filled = payment_slots.own_name_reference(ctx, filled)
    target = filled.get("target", AccountRef)
    if not filled.has("source") and filled.has("target"):
        accounts = [a for a in bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner) if a.kind != "credit"]
        candidates = sorted(
            (a for a in accounts if target is None or a.id != target.id), key=lambda a: a.kind != "checking"
        )
        filled = filled.with_values({"source": AccountRef(candidates[0].id)}) if candidates else filled
    source = filled.get("source", AccountRef)
    if source is not None and money.moves_everything(ctx.turn.text) and money.read_amount(ctx.turn.text).cents is None:
        balance = bank_accounts.get_account(db=ctx.db, owner_id=ctx.owner, account_id=source.id).balance_cents
        if balance > 0:
            filled = filled.with_values({"amount": Money(balance)})
    return filled


def _ask(ctx: FlowContext, filled: Filled, slot: Slot) -> str:
    if slot is AMOUNT:
        where = target_name(ctx, filled)
        note = "" if filled.has("target") else _not_a_payee(ctx)
        return f"{note}How much would you like to send{f' to {where}' if where else ''}?"
    if slot is TARGET:
        amount = filled.get("amount", Money)
        what = format_cents(amount.cents) if amount else "the money"
        named = slots.recipient_named(ctx.turn.text)  # asked for, so none of the customer's payees
        unknown = f"{named} isn't one of your saved payees. " if named else _not_a_payee(ctx)  # no button offers it
        offered = targets_offered(ctx, besides=filled.get("source", AccountRef))
        return f"{unknown}Who should receive {what}? You can send to {offered}."
    return "Which account should the money come from?"


def _not_a_payee(ctx: FlowContext) -> str:
    """ "pay british gas 50", "pay the gas bill": a company the customer has paid by card or direct debit, or a
    bill, is no saved payee; how to pay one, said before the question (nothing is guessed). The reference is no
    company ("send mum 15 for pizza" names no Pizza Express)."""
    said = reference_in(ctx.turn.text)
    text = said.without if said is not None else ctx.turn.text
    merchant = slots.merchant_in(text, ledger.known_merchants(db=ctx.db, owner_id=ctx.owner))
    own = {a.name.lower() for a in bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner)}
    if merchant is not None and merchant.lower() not in own:  # a transfer's line names the account: no company
        return (
            f"{merchant} isn't one of your saved payees: you've paid them by card or direct debit so far. To pay "
            f"them yourself, add them with the bank details on your bill (say **add a payee**). "
        )
    if payee_words.names_bill(text):
        return (
            "Bills are usually collected by the company, by direct debit. To pay one yourself, pick a saved payee "
            "or add the company with the bank details on the bill (say **add a payee**). "
        )
    return ""


def _order(filled: Filled, memo: str = "") -> TransferRequest:
    """The complete slots as the bank's transfer calls take them (``memo``: the reference when none was given)."""
    amount, source, target = filled.get("amount", Money), filled.get("source", AccountRef), filled.values["target"]
    assert amount is not None
    assert source is not None
    return TransferRequest(
        source_account_id=source.id,
        amount_cents=amount.cents,
        target_account_id=target.id if isinstance(target, AccountRef) else None,
        payee_id=target.id if isinstance(target, PayeeRef) else None,
        memo=filled.get("reference", str) or memo,
    )


def _quote(ctx: FlowContext, filled: Filled) -> TransferQuote:
    return bank_transfers.validate_transfer(db=ctx.db, owner_id=ctx.owner, request=_order(filled))


def _check(ctx: FlowContext, filled: Filled) -> Problem | None:
    try:
        _quote(ctx, filled)
    except TransferRejected as exc:
        return refusal(exc.detail, _REJECTED_SLOT.get(exc.reason), "No money was moved.")
    except (AccountNotFound, PayeeNotFound):
        return Problem("target", "I couldn't find that account.")
    return None


def _read_back(ctx: FlowContext, filled: Filled) -> str:
    quote = _quote(ctx, filled)
    to = quote.target_account or quote.payee
    number = getattr(to, "masked_number", None) or getattr(to, "masked_account", "")
    lines = [
        "Please confirm this transfer:",
        "",
        f"- **Amount:** {format_cents(quote.amount_cents, quote.currency)}",
        f"- **From:** {quote.source.name} ({quote.source.masked_number})",
        f"- **To:** {quote.target_name}{f' ({number})' if number else ''}",
    ]
    if reference := filled.get("reference", str):
        lines.append(f"- **Their reference:** {reference}")
    after = format_cents(quote.source.balance_cents - quote.amount_cents, quote.currency)
    if payment_reviews.needs_review(amount_cents=quote.amount_cents, payee_id=quote.payee.id if quote.payee else None):
        lines += ["", "A payment this large is checked by a colleague before it leaves: I'll tell you when it's sent."]
    lines += [
        "",
        f"Afterwards your {quote.source.name} balance will be {after}. Reply **yes** to send it or **no** to cancel.",
    ]
    return "\n".join(lines)


def _hold(ctx: FlowContext, filled: Filled) -> str:
    amount, to = filled.get("amount", Money), target_name(ctx, filled)
    what = f"{format_cents(amount.cents)} to {to}" if amount and to else "this transfer"
    return (
        "No problem, nothing has been sent. Take your time: when you're ready, reply **yes** to send "
        f'{what}, or **no** to cancel. You can also change it, e.g. "make it 20" or "from savings instead".'
    )


def _second_look(ctx: FlowContext, filled: Filled) -> str | None:
    """The scam warning before a first payment to a payee above ``scam_warning_cents`` (None: no warning).

    Most money lost to scams is sent by the customers themselves, to a new payee, after a call or a message
    that pressed them: the warning names the usual stories and asks for a second, explicit yes.
    """
    amount, payee = filled.get("amount", Money), filled.get("target", PayeeRef)
    if amount is None or payee is None or amount.cents <= get_settings().scam_warning_cents:
        return None
    if bank_transfers.paid_before(db=ctx.db, owner_id=ctx.owner, payee_id=payee.id):
        return None
    return (
        f"**Before I send {format_cents(amount.cents)} to {target_name(ctx, filled)}:** this is your first "
        "payment to them, so please take a moment. Stop here if any of these is true:\n\n"
        "- Someone contacted you out of the blue and told you to move money. Your bank, the police and HMRC "
        'never ask you to do that, not even to a "safe account".\n'
        "- You're paying for something you haven't seen, or an investment that promises high returns.\n"
        "- You've been told to keep this payment secret, or what to say if we ask about it.\n\n"
        "Money sent to a scammer may not come back. If you know this person and the payment is genuine, reply "
        "**yes, I'm sure** to send it; reply **no** to cancel. Nothing has been sent yet."
    )


def _approval(ctx: FlowContext, filled: Filled) -> approvals.Operation | None:
    """The payment as the customer must approve it (over the threshold, or to a payee added in the last 24
    hours), bound to its amount, currency, source and payee; None when it needs no approval."""
    amount, payee, source = (
        filled.get("amount", Money),
        filled.get("target", PayeeRef),
        filled.get("source", AccountRef),
    )
    if amount is None or payee is None or source is None:
        return None
    needed = approvals.payment_needs_approval(
        db=ctx.db, owner_id=ctx.owner, amount_cents=amount.cents, payee_id=payee.id
    )
    if not needed:
        return None
    currency = next(
        (a.currency for a in bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner) if a.id == source.id), ""
    )
    return approvals.payment(
        amount_cents=amount.cents,
        currency=currency,
        source_account_id=source.id,
        to=target_name(ctx, filled),
        payee_id=payee.id,
        account_id=None,
    )


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    """Executes the confirmed transfer once (``ctx.key`` is its idempotency key)."""
    assert ctx.key
    request = _order(filled, memo="Sent with BankChat")
    if payment_reviews.needs_review(amount_cents=request.amount_cents, payee_id=request.payee_id):
        return _held(ctx, request)
    try:
        done = bank_transfers.submit_transfer(owner_id=ctx.owner, request=request, idempotency_key=ctx.key)
    except TransferRejected as exc:
        text = f"I couldn't make that transfer: {sentence(exc.detail)}No money was moved."
        return Outcome(text, ({"tool": "transfer", "step": "rejected", "detail": exc.reason},))
    reads.forget(ctx.db)  # the transfer was committed in a transaction of its own: read the balances afresh
    balances = {a.id: a for a in bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner)}
    lines = [
        f"Done! I've sent **{format_cents(done.amount_cents, done.currency)}** from {done.source_name} "
        f"to {done.target_name}{_with_reference(filled)}.",
        "",
        f"- {done.source_name}: {format_cents(done.source_balance_after_cents, done.currency)}",
    ]
    if done.target_account_id in balances:
        other = balances[done.target_account_id]
        lines.append(f"- {other.name}: {format_cents(other.balance_cents, other.currency)}")
    lines += ["", f"Reference: {_reference(done)}."]
    action = {
        "tool": "transfer",
        "step": "executed",
        "reference": _reference(done),
        "amount_cents": done.amount_cents,
        "replayed": done.replayed,
    }
    return Outcome("\n".join(lines), (action,))


def _held(ctx: FlowContext, request: TransferRequest) -> Outcome:
    """A payment over the four-eyes threshold: held for a colleague's approval, not sent (``bank/payment_reviews``)."""
    try:
        held = payment_reviews.hold(
            ctx.db, owner_id=ctx.owner, request=request, key=ctx.key, session_id=ctx.turn.session_id or None
        )
    except TransferRejected as exc:
        text = f"I couldn't make that transfer: {sentence(exc.detail)}No money was moved."
        return Outcome(text, ({"tool": "transfer", "step": "rejected", "detail": exc.reason},))
    limit = format_cents(get_settings().four_eyes_threshold_cents)
    text = (
        f"**{held.summary}** is over {limit}, so a colleague checks it before it leaves (our four-eyes rule for "
        "large payments). I'll tell you here as soon as it's decided. **Nothing has been sent yet**; the "
        f"payment's reference is {held.reference}."
    )
    return Outcome(text, ({"tool": "transfer", "step": "held", "reference": held.reference},))


def _reference(done: object) -> str:
    reference = getattr(done, "reference", "")
    return reference if isinstance(reference, str) and reference else f"TR-{getattr(done, 'id', 0):06d}"


def _with_reference(filled: Filled) -> str:
    reference = filled.get("reference", str)
    return f' with the reference "{reference}"' if reference else ""


TRANSFER = Flow(
    name="transfer",
    purpose="Send money between the customer's accounts or to a saved payee, after a read-back and a clear yes.",
    agent="transfers",
    starts=frozenset({"transfer_money"}),
    slots=(AMOUNT, TARGET, SOURCE, REFERENCE),
    confirm=True,
    prepare=_prepare,
    ask=_ask,
    check=_check,
    read_back=_read_back,
    hold=_hold,
    second_look=_second_look,
    approval=_approval,
    waiting=waiting_payment("transfer"),
    cancelled="Okay, I've cancelled that transfer. No money was moved.",
    assent=("send it", "send the money", "transfer it", "pay it", "make the transfer"),
    act=_act,
)
