"""The caller's disputes: open one against a payment out, list them, follow one by its reference."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from bankchat import bank
from bankchat.api.deps import CurrentUser, DbSession
from bankchat.api.errors import documented
from bankchat.api.schemas import DisputeIn, DisputeOut, DisputeReopenIn
from bankchat.bank import disputes

router = APIRouter(prefix="/disputes", tags=["disputes"])

ReferencePath = Annotated[str, Path(max_length=32, description="The case reference, `DS-XXXX-XXXX`")]


@router.get("", summary="The caller's disputes, newest first", responses=documented(401))
def list_disputes(db: DbSession, user: CurrentUser) -> list[DisputeOut]:
    """Each case with its status and, once decided, the staff's note."""
    return [DisputeOut.model_validate(d) for d in bank.list_disputes(db=db, owner_id=user.id)]


@router.get("/{reference}", summary="One dispute", responses=documented(401, 404, 422))
def get_dispute(db: DbSession, user: CurrentUser, reference: ReferencePath) -> DisputeOut:
    """Another user's case answers 404 ``Dispute not found``, exactly like a missing one."""
    return DisputeOut.model_validate(bank.get_dispute(db=db, owner_id=user.id, reference=reference))


@router.post("", status_code=201, summary="Dispute a payment out", responses=documented(401, 404, 409, 422))
def open_dispute(db: DbSession, user: CurrentUser, body: DisputeIn) -> DisputeOut:
    """Only a payment out of one of the caller's accounts (another's line is 404); each payment once (409
    `already_disputed`); money in is 422 `not_disputable`, an unknown reason 422."""
    entry_id = disputes.entry_by_public_id(db=db, owner_id=user.id, transaction_id=body.transaction_id)
    case = bank.open_dispute(db=db, owner_id=user.id, entry_id=entry_id, reason=body.reason, words=body.words)
    return DisputeOut.model_validate(case)


@router.post(
    "/{reference}/reopen", summary="Have a rejected dispute looked at again", responses=documented(401, 404, 409, 422)
)
def reopen_dispute(db: DbSession, user: CurrentUser, reference: ReferencePath, body: DisputeReopenIn) -> DisputeOut:
    """Once per case, with new information: the case is `open` again (with `appealNote`) for staff to decide.

    Another user's case is 404 like a missing one; a case not rejected is 409 `not_rejected`; a second reopening
    is 409 `already_reopened` (the complaints route is the way on); an empty note is 422.
    """
    return DisputeOut.model_validate(disputes.reopen(db=db, owner_id=user.id, reference=reference, note=body.note))
