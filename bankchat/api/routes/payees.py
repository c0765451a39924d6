"""The caller's saved payees: list, add, rename, remove (another customer's payee answers 404)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from bankchat import bank
from bankchat.api.approval_gate import opened, opens_approval, require_approval
from bankchat.api.deps import CurrentUser, DbSession
from bankchat.api.errors import NO_CONTENT, documented
from bankchat.api.fields import MAX_ID
from bankchat.api.schemas_payees import PayeeChangeIn, PayeeIn, PayeeOut
from bankchat.api.schemas_security import ApprovalOut
from bankchat.bank import payee_changes

router = APIRouter(prefix="/payees", tags=["payees"])

PayeeId = Annotated[int, Path(ge=1, le=MAX_ID, description="The payee's ID")]


@router.get("", summary="The caller's saved payees", responses=documented(401))
def list_payees(db: DbSession, user: CurrentUser) -> list[PayeeOut]:
    """Alphabetically, with masked details only; removed payees are not listed."""
    return [PayeeOut.model_validate(p) for p in bank.list_payees(db=db, owner_id=user.id)]


@opens_approval(router, "/approval", summary="Ask for the approval of a new payee", errors=(401, 409, 422))
def approve_new_payee(db: DbSession, user: CurrentUser, body: PayeeIn) -> ApprovalOut:
    """Adding a payee needs the customer's passkey or authenticator-app code, bound to exactly this payee.

    The details are checked first (422 `invalid_bank_details`, 409 `duplicate_payee`). Approve the answer's
    `id` (`POST /api/approvals/{id}/code` or `…/passkey`), then `POST /api/payees` with it as `approvalId`.
    """
    details = bank.read_details(sort_code=body.sort_code, account_number=body.account_number, iban=body.iban)
    payee_changes.check_new_payee(db=db, owner_id=user.id, name=body.name, details=details, nickname=body.nickname)
    return opened(db, user.id, payee_changes.approval_for(name=body.name, details=details))


@router.post("", status_code=201, summary="Save a new payee", responses=documented(401, 403, 409, 422))
def add_payee(db: DbSession, user: CurrentUser, body: PayeeIn) -> PayeeOut:
    """A sort code and account number (format and modulus check) or an IBAN (length and check digits), with
    `approvalId`: an approval of exactly this payee, given (403 `approval_required` without one, or with one
    for another payee, unapproved, expired or used).

    Invalid details are 422 `invalid_bank_details` with the reason; a payee of the same name, or with
    the same bank details, is 409 `duplicate_payee` naming it. Only masked details are kept.
    """
    details = bank.read_details(sort_code=body.sort_code, account_number=body.account_number, iban=body.iban)
    payee_changes.check_new_payee(db=db, owner_id=user.id, name=body.name, details=details, nickname=body.nickname)
    operation = payee_changes.approval_for(name=body.name, details=details)
    require_approval(db, user.id, operation, body.approval_id)
    payee = bank.add_payee(
        db=db, owner_id=user.id, name=body.name, nickname=body.nickname, bank_name=body.bank_name, details=details
    )
    return PayeeOut.model_validate(payee)


@router.patch("/{payee_id}", summary="Rename a payee", responses=documented(401, 404, 409, 422))
def rename_payee(db: DbSession, user: CurrentUser, payee_id: PayeeId, body: PayeeChangeIn) -> PayeeOut:
    """A new name and/or nickname; another payee's name or nickname is 409 `duplicate_payee`."""
    payee = bank.rename_payee(db=db, owner_id=user.id, payee_id=payee_id, name=body.name, nickname=body.nickname)
    return PayeeOut.model_validate(payee)


@router.delete("/{payee_id}", **NO_CONTENT, summary="Remove a payee", responses=documented(401, 404, 422))
def remove_payee(db: DbSession, user: CurrentUser, payee_id: PayeeId) -> None:
    """Taken off the list and no longer payable; past transfers to it keep its name."""
    bank.remove_payee(db=db, owner_id=user.id, payee_id=payee_id)
