"""Strong customer authentication over REST: the caller's passkeys and authenticator app, and approvals.

A payment that needs approval waits in the conversation (stage ``approve``); the approval's ID is in
the reply's trace. A client approves it here (a code, or a passkey signature over the challenge the
options give), then says so in the conversation ("Approved with my passkey", or sends the code as a
message) and the payment is checked against the approval and sent once.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from bankchat import origins
from bankchat.api.deps import CurrentUser, DbSession, TrustedOrigin
from bankchat.api.errors import BadOrigin, documented
from bankchat.api.fields import MAX_ID
from bankchat.api.schemas_security import (
    ApprovalOut,
    AuthenticatorOut,
    CodeIn,
    PasskeyIn,
    PasskeyOptionsOut,
    PasskeyRegistrationIn,
    TotpStartOut,
)
from bankchat.bank import approvals, authenticators, passkey_registration
from bankchat.errors import ApprovalNotFound, ApprovalRefused, InvalidInput

router = APIRouter(prefix="/security", tags=["security"])
approvals_router = APIRouter(prefix="/approvals", tags=["security"])

ApprovalId = Annotated[str, Path(pattern=r"^apv_[A-Za-z0-9_-]{10,40}$", description="The approval's ID")]


def _party(request: Request) -> tuple[str, list[str]]:
    """The relying party of the page that called: its ``Origin`` must be trusted (a passkey is bound to a site)."""
    origin = request.headers.get("origin")
    party = origins.relying_party(origin) if origin else None
    if party is None:
        raise BadOrigin
    return party


@router.get("/authenticators", summary="The caller's passkeys and authenticator app", responses=documented(401))
def list_authenticators(db: DbSession, user: CurrentUser) -> list[AuthenticatorOut]:
    return [AuthenticatorOut.model_validate(a) for a in authenticators.list_authenticators(db=db, owner_id=user.id)]


@router.delete(
    "/authenticators/{authenticator_id}",
    status_code=204,
    summary="Remove a passkey or the authenticator app",
    responses=documented(401, 404, 422),
)
def remove_authenticator(
    db: DbSession, user: CurrentUser, authenticator_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> Response:
    authenticators.remove(db, owner_id=user.id, authenticator_id=authenticator_id)
    return Response(status_code=204)


@router.post("/totp", status_code=201, summary="Start enrolling an authenticator app", responses=documented(401, 409))
def start_totp(db: DbSession, user: CurrentUser) -> TotpStartOut:
    """A new secret, unconfirmed until ``POST /security/totp/confirm`` gets a matching code; 409 if one is set up."""
    started = authenticators.start_totp(db, owner_id=user.id, account_name=user.username)
    return TotpStartOut(secret=started.secret, uri=started.uri)


@router.post(
    "/totp/confirm", summary="Finish enrolling the authenticator app", responses=documented(400, 401, 409, 422)
)
def confirm_totp(db: DbSession, user: CurrentUser, body: CodeIn) -> list[AuthenticatorOut]:
    if not authenticators.confirm_totp(db, owner_id=user.id, code=body.code):
        raise InvalidInput("That code doesn't match: check the app's clock and type the code it shows now")
    return list_authenticators(db, user)


@router.post(
    "/passkeys/options",
    summary="Options to register a passkey",
    responses=documented(401, 403),
    dependencies=[TrustedOrigin],
)
def passkey_registration_options(request: Request, db: DbSession, user: CurrentUser) -> PasskeyOptionsOut:
    rp_id, _origins = _party(request)
    public_id, options = passkey_registration.registration_options(
        db, owner_id=user.id, user_name=user.username, display_name=user.display_name, rp_id=rp_id
    )
    return PasskeyOptionsOut(id=public_id, options=json.loads(options))


@router.post(
    "/passkeys",
    status_code=201,
    summary="Register a passkey",
    responses=documented(400, 401, 403, 409, 422),
    dependencies=[TrustedOrigin],
)
def register_passkey(
    request: Request, db: DbSession, user: CurrentUser, body: PasskeyRegistrationIn
) -> AuthenticatorOut:
    rp_id, allowed = _party(request)
    view = passkey_registration.register(
        db, owner_id=user.id, public_id=body.id, credential=body.credential, rp_id=rp_id, origins=allowed
    )
    return AuthenticatorOut.model_validate(view)


@approvals_router.get("", summary="The caller's approvals waiting to be given", responses=documented(401))
def list_approvals(db: DbSession, user: CurrentUser) -> list[ApprovalOut]:
    return [ApprovalOut.model_validate(a) for a in approvals.pending_approvals(db, owner_id=user.id)]


@approvals_router.get("/{approval_id}", summary="One approval", responses=documented(401, 404, 422))
def get_approval(db: DbSession, user: CurrentUser, approval_id: ApprovalId) -> ApprovalOut:
    view = approvals.get_approval(db, owner_id=user.id, public_id=approval_id)
    if view is None:
        raise ApprovalNotFound
    return ApprovalOut.model_validate(view)


@approvals_router.post(
    "/{approval_id}/code",
    summary="Approve with the authenticator app's code",
    responses=documented(400, 401, 404, 409, 422),
)
def approve_with_code(db: DbSession, user: CurrentUser, approval_id: ApprovalId, body: CodeIn) -> ApprovalOut:
    """409 ``approval_refused`` with the reason (``wrong_code``, ``expired``, ``locked``, ``used``); a wrong code
    counts against the approval's tries."""
    _decided(approvals.verify_code(db, owner_id=user.id, public_id=approval_id, code=body.code), db)
    return get_approval(db, user, approval_id)


@approvals_router.post(
    "/{approval_id}/passkey/options",
    summary="Options to approve with a passkey",
    responses=documented(401, 403, 404, 422),
    dependencies=[TrustedOrigin],
)
def approval_options(request: Request, db: DbSession, user: CurrentUser, approval_id: ApprovalId) -> PasskeyOptionsOut:
    """``options.challenge`` is the approval's digest: the SHA-256 of exactly the operation to approve."""
    rp_id, _origins = _party(request)
    options = approvals.passkey_options(db, owner_id=user.id, public_id=approval_id, rp_id=rp_id)
    if options is None:
        raise ApprovalNotFound("No pending approval with that ID, or no passkey to approve it with")
    return PasskeyOptionsOut(id=approval_id, options=json.loads(options))


@approvals_router.post(
    "/{approval_id}/passkey",
    summary="Approve with a passkey",
    responses=documented(400, 401, 403, 404, 409, 422),
    dependencies=[TrustedOrigin],
)
def approve_with_passkey(
    request: Request, db: DbSession, user: CurrentUser, approval_id: ApprovalId, body: PasskeyIn
) -> ApprovalOut:
    rp_id, allowed = _party(request)
    verdict = approvals.verify_passkey(
        db, owner_id=user.id, public_id=approval_id, credential=body.credential, rp_id=rp_id, origins=allowed
    )
    _decided(verdict, db)
    return get_approval(db, user, approval_id)


def _decided(verdict: approvals.Verdict, db: DbSession) -> None:
    """A refused attempt still counts (committed), then answers 409 with the reason; a missing approval 404."""
    if verdict.ok:
        return
    if verdict.reason == "not_found":
        raise ApprovalNotFound
    db.commit()
    raise ApprovalRefused(verdict.reason, _REFUSED.get(verdict.reason, "That did not approve it"))


_REFUSED = {
    "wrong_code": "That code doesn't match",
    "bad_signature": "The passkey's signature doesn't match this approval",
    "expired": "This approval has expired",
    "locked": "This approval is locked after too many wrong tries",
    "used": "This approval has already been decided",
}
