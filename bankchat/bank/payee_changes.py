"""Changing a customer's payee list: add, rename, remove; each change audited in the same transaction.

1. **Only masked details are stored** (``payee_details.KeptDetails``): the last four digits, the sort
   code's last two, the bank's name, and ``details_hash``, an HMAC (keyed with the server secret) of the
   normalised full details, so the same account can be refused twice without keeping its number. A new secret key makes
   older hashes unmatchable: a payee saved before then is not recognised as a duplicate.
2. **No duplicates** among the payees still listed: not the same name (any case, spaces
   squeezed), not a name that is another payee's nickname, not the same account (a British
   IBAN is its sort code and account number). ``DuplicatePayee`` names the payee already
   there. The database's partial unique indexes refuse what a race lets through.
3. **A removal keeps the row** (``removed_at``): past transfers still name their payee;
   the payee is no longer listed, found or payable.
4. **Every change is audited** (``payee_add``, ``payee_rename``, ``payee_remove``, declared in
   ``bank/audit_trail.py``) with the customer as actor and subject, and, from the chat, the conversation's session ID.

``add_payee`` is the one function that saves a payee: a later approval step (a passkey or
one-time code bound to this operation) guards it by wrapping this call, nowhere else.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import approvals, audit_trail
from bankchat.bank.bank_details import BankDetails
from bankchat.bank.payee_details import KeptDetails, kept, payee_columns
from bankchat.bank.payees import PayeeView, list_payees, owned_payee
from bankchat.errors import DuplicatePayee, InvalidPayeeName
from bankchat.models import Payee, utcnow, view_of

NAME_MAX, NICKNAME_MAX = 120, 64


Details = BankDetails | KeptDetails
"""A payee's details as read (REST), or as kept by a chat's waiting step (``payee_details.seal``)."""


def approval_for(*, name: str, details: Details) -> approvals.Operation:
    """Adding this payee as the customer approves it with a passkey or an app's code: always needed (a
    fraudster's first move is to add their own account), bound to the name and the full details' fingerprint."""
    said = kept(details)
    return approvals.new_payee(
        name=clean_name(name), fingerprint=said.fingerprint, masked=f"{said.masked_sort_code} {said.masked_account}"
    )


def clean_name(name: str, *, limit: int = NAME_MAX, what: str = "name") -> str:
    """``name`` with its spaces squeezed; ``InvalidPayeeName`` when empty, too long or with control characters."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidPayeeName(f"A payee's {what} can't be empty")
    if len(cleaned) > limit:
        raise InvalidPayeeName(f"A payee's {what} can be at most {limit} characters")
    if any(unicodedata.category(c).startswith("C") for c in cleaned) or not re.search(r"\w", cleaned):
        raise InvalidPayeeName(f"A payee's {what} needs letters or digits, and no control characters")
    return cleaned


def _clean_nickname(nickname: str) -> str:
    """A nickname as stored: cleaned and lower case; "" (none) for blank."""
    return clean_name(nickname, limit=NICKNAME_MAX, what="nickname").lower() if nickname.strip() else ""


def check_new_payee(*, db: Db, owner_id: int, name: str, details: Details, nickname: str = "") -> None:
    """Raise ``DuplicatePayee`` (naming the payee there) or ``InvalidPayeeName`` if the payee can't be added."""
    _refuse_same_name(db, owner_id, clean_name(name), _clean_nickname(nickname))
    same = select(Payee).where(
        Payee.owner_id == owner_id, col(Payee.removed_at).is_(None), Payee.details_hash == kept(details).fingerprint
    )
    if (row := db.exec(same).first()) is not None:
        raise DuplicatePayee(f"Those bank details are already saved as your payee {row.name} ({row.masked_account})")


def add_payee(
    *,
    db: Db,
    owner_id: int,
    name: str,
    details: Details,
    nickname: str = "",
    bank_name: str = "",
    session_id: str | None = None,
) -> PayeeView:
    """Save a new payee with masked details only (flushed, not committed; audited in the same transaction).

    Without a ``bank_name`` the payee's bank is the one its details belong to (``bank_directory``), if known.
    """
    check_new_payee(db=db, owner_id=owner_id, name=name, details=details, nickname=nickname)
    said = kept(details)
    payee = Payee(
        owner_id=owner_id,
        name=clean_name(name),
        nickname=_clean_nickname(nickname),
        bank_name=" ".join((bank_name or said.bank_name).split())[:64],
        **payee_columns(said),
    )
    db.add(payee)
    _flush(db)
    _audit(db, owner_id, "payee_add", payee, session_id)
    return view_of(PayeeView, payee)


def rename_payee(
    *,
    db: Db,
    owner_id: int,
    payee_id: int,
    name: str | None = None,
    nickname: str | None = None,
    session_id: str | None = None,
) -> PayeeView:
    """A new name and/or nickname (an empty nickname clears it); another payee's name or nickname is refused."""
    payee = owned_payee(db=db, owner_id=owner_id, payee_id=payee_id)
    new_name = clean_name(name) if name is not None else payee.name
    new_nickname = _clean_nickname(nickname) if nickname is not None else payee.nickname
    _refuse_same_name(db, owner_id, new_name, new_nickname, other_than=payee_id)
    before = f"{payee.name} ({payee.nickname or 'no nickname'})"
    payee.name, payee.nickname = new_name, new_nickname
    db.add(payee)
    _flush(db)
    _audit(db, owner_id, "payee_rename", payee, session_id, was=before)
    return view_of(PayeeView, payee)


def remove_payee(*, db: Db, owner_id: int, payee_id: int, session_id: str | None = None) -> PayeeView:
    """Take a payee off the list (its row stays for its past transfers); a removed one is ``PayeeNotFound``."""
    payee = owned_payee(db=db, owner_id=owner_id, payee_id=payee_id)
    payee.removed_at = utcnow()
    db.add(payee)
    _flush(db)
    _audit(db, owner_id, "payee_remove", payee, session_id)
    return view_of(PayeeView, payee)


def _refuse_same_name(db: Db, owner_id: int, name: str, nickname: str, other_than: int | None = None) -> None:
    """``DuplicatePayee`` when ``name`` or ``nickname`` already names another listed payee (any case)."""
    said = {name.lower(), nickname} - {""}
    for other in list_payees(db=db, owner_id=owner_id):
        if other.id == other_than:
            continue
        if other.name.lower() in said:
            raise DuplicatePayee(f"You already have a payee called {other.name} ({other.masked_account})")
        if other.nickname and other.nickname.lower() in said:
            raise DuplicatePayee(
                f"“{other.nickname}” is already the nickname of your payee {other.name} ({other.masked_account})"
            )


def _flush(db: Db) -> None:
    """Flush; a unique index refusing the row (a change racing this one) is ``DuplicatePayee``, nothing kept."""
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise DuplicatePayee("A payee with that name or those bank details was just saved") from None


def _audit(db: Db, owner_id: int, action: str, payee: Payee, session_id: str | None, was: str = "") -> None:
    detail = f"payee {payee.id} {payee.name} ({payee.masked_account}, {payee.sort_code})"
    audit_trail.record(
        db,
        actor_id=owner_id,
        action=action,
        session_id=session_id,
        subject_user_id=owner_id,
        detail=f"{detail}; was {was}" if was else detail,
    )
    db.flush()
