"""Add a payee: a name, then a sort code and account number or an IBAN; checked, read back masked, confirmed.

"add my brother Tom as a payee, sort code 20-00-00 account 12345678" fills it all at once;
"add a new payee" asks for the name, then the details. Details that fail their format or
check, and a payee the customer already has, are asked for again with the reason.

Once read, the details are kept only as ``payee_details.seal`` makes them (masked, the bank's name, the
fingerprint, signed): the full account number or IBAN is never stored with the waiting step, the reply's
trace or the audit trail. Only a half given alone (an account number waiting for its sort code) waits as
typed, until the other half comes.
"""

from __future__ import annotations

from sqlmodel import Session as Db

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.bank import approvals, payee_changes
from bankchat.bank.bank_details import read_details
from bankchat.bank.payee_details import KeptDetails, kept, seal, unseal
from bankchat.bank.payees import PayeeView
from bankchat.errors import DuplicatePayee, InvalidBankDetails, InvalidPayeeName

NAME = Slot(
    "name",
    (str,),
    fills=("payee_name",),
    answers=("said_name",),
    required=True,
    description="The new payee's name, as their bank account is held (e.g. Tom Smith).",
)
DETAILS = Slot(
    "details",
    (str,),
    fills=("bank_details",),
    answers=("bank_details",),
    required=True,
    description="The new payee's sort code and account number (e.g. 20-00-00 12345678), or their IBAN.",
)
HALF = Slot("half", (str,), description="A sort code or an account number given alone, until the other comes.")
NICKNAME = Slot("nickname", (str,), fills=("payee_kin",), description="Who they are to the customer (brother, mum).")


def details_of(filled: Filled) -> KeptDetails:
    """The slot's details as kept, read and checked first if they are still as typed (``InvalidBankDetails``
    says what is wrong)."""
    said = filled.get("details", str) or ""
    if (sealed := unseal(said)) is not None:
        return sealed
    if said[:2].isalpha() and not said.startswith("account"):
        return kept(read_details(iban=said))
    sort_code, _, account = said.partition(" ")
    if said.startswith("account"):
        raise InvalidBankDetails("I need the sort code as well as the account number")
    if not account:
        raise InvalidBankDetails("I need the account number as well as the sort code")
    return kept(read_details(sort_code=sort_code, account_number=account))


def _half(said: str) -> str:
    """Which half of the details ``said`` is on its own: "sort code", "account number", or "" (both, an IBAN)."""
    if said.startswith("account "):
        return "account number"
    return "sort code" if said.isdigit() else ""


def _prepare(ctx: FlowContext, filled: Filled) -> Filled:
    """A sort code and an account number given in two answers make the details; one alone waits in ``half``.
    Whole details that pass their checks are sealed at once: from here on only their masked form is kept."""
    said, half = filled.get("details", str), filled.get("half", str)
    if said is not None and _half(said):
        if half is None or _half(half) in ("", _half(said)):
            return filled.with_values({"details": None, "half": said})
        code, account = (said, half) if _half(said) == "sort code" else (half, said)
        said = f"{code} {account.removeprefix('account ')}"
        filled = filled.with_values({"details": said, "half": None})
    if said is None or unseal(said) is not None:
        return filled
    try:
        return filled.with_values({"details": seal(details_of(filled))})
    except InvalidBankDetails:
        return filled  # the check says what is wrong, and the details are asked for again


def _ask(ctx: FlowContext, filled: Filled, slot: Slot) -> str:
    if slot is NAME:
        return "Who would you like to add as a payee? Tell me their name as it is on their bank account."
    name = filled.get("name", str) or "them"
    if (kept := filled.get("half", str)) is not None and _half(kept):
        missing = "account number" if _half(kept) == "sort code" else "sort code"
        return f"Thanks, I have {name}'s {_half(kept)}. What's their **{missing}**?"
    return (
        f"What are {name}'s bank details? Give me their **sort code and account number** "
        "(e.g. *sort code 20-00-00, account 12345678*), or their **IBAN**."
    )


def _check(ctx: FlowContext, filled: Filled) -> Problem | None:
    try:
        details = details_of(filled)
    except InvalidBankDetails as exc:
        return Problem("details", exc.detail)
    try:
        payee_changes.check_new_payee(
            db=ctx.db,
            owner_id=ctx.owner,
            name=filled.get("name", str) or "",
            details=details,
            nickname=filled.get("nickname", str) or "",
        )
    except InvalidPayeeName as exc:
        return Problem("name", exc.detail)
    except DuplicatePayee as exc:
        slot = "details" if "bank details" in exc.detail else "name"
        return Problem(slot, f"{exc.detail}. Give me {'other details' if slot == 'details' else 'another name'}")
    return None


def _read_back(ctx: FlowContext, filled: Filled) -> str:
    details = details_of(filled)
    lines = ["Please check the new payee:", "", f"- **Name:** {filled.get('name', str)}"]
    if nickname := filled.get("nickname", str):
        lines.append(f"- **Nickname:** {nickname}")
    if details.bank_name:
        lines.append(f"- **Bank:** {details.bank_name}")
    if details.has_sort_code:
        lines += [f"- **Sort code:** {details.masked_sort_code}", f"- **Account:** {details.masked_account}"]
    if details.masked_iban:
        lines.append(f"- **IBAN:** {details.masked_iban}")
    lines += ["", "Reply **yes** to save them as a payee, or **no** to cancel."]
    return "\n".join(lines)


def _approval(ctx: FlowContext, filled: Filled) -> approvals.Operation | None:
    try:
        return payee_changes.approval_for(name=filled.get("name", str) or "", details=details_of(filled))
    except (InvalidBankDetails, InvalidPayeeName):
        return None  # not checked yet: the check asks again first


def save_payee(db: Db, owner_id: int, session_id: str, filled: Filled) -> PayeeView:
    """The one step that saves a confirmed payee (the engine has checked the approval bound to it first);
    nothing else in the chat adds a payee."""
    return payee_changes.add_payee(
        db=db,
        owner_id=owner_id,
        name=filled.get("name", str) or "",
        nickname=filled.get("nickname", str) or "",
        details=details_of(filled),
        session_id=session_id,
    )


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    try:
        payee = save_payee(ctx.db, ctx.owner, ctx.turn.session_id, filled)
    except (DuplicatePayee, InvalidBankDetails, InvalidPayeeName) as exc:
        return Outcome(
            f"I couldn't add that payee: {exc.detail}. Nothing was saved.", ({"tool": "add_payee", "step": "refused"},)
        )
    first = payee.nickname or payee.name.split()[0]
    bank = f"{payee.bank_name}, " if payee.bank_name else ""
    text = (
        f"Done: **{payee.name}** ({bank}{payee.sort_code}, {payee.masked_account}) is now one of your payees. "
        f"To pay them, say e.g. **send 20 to {first}**."
    )
    return Outcome(text, ({"tool": "add_payee", "payee": payee.id},))


ADD_PAYEE = Flow(
    name="add_payee",
    purpose="Save a new payee (name and UK sort code + account number, or IBAN), checked, read back and confirmed.",
    agent="transfers",
    slots=(NAME, DETAILS, NICKNAME, HALF),
    confirm=True,
    approval=_approval,
    prepare=_prepare,
    ask=_ask,
    check=_check,
    read_back=_read_back,
    waiting=lambda ctx, filled: f"adding {filled.get('name', str) or 'a new payee'} as a payee",
    cancelled="Okay, I haven't added anyone. Your payees are as they were.",
    assent=("add them", "save them", "save it", "add it"),
    act=_act,
)
