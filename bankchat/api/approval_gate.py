"""Operations a customer approves first, over REST: ``POST …/approval`` opens one, the operation's own call uses it.

The approval is of exactly the operation (``bank/approvals.py``): a route that opens one answers 201 with it
(409 ``approval_not_needed`` when the operation needs none); the operation's route then takes its public ID as
``approvalId`` and uses it up, once (403 ``approval_required`` without a matching one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter
from sqlmodel import Session as Db

from bankchat.api.errors import documented
from bankchat.api.schemas_security import ApprovalOut
from bankchat.bank import approvals
from bankchat.errors import ApprovalNotNeeded, ApprovalRequired

Route = TypeVar("Route", bound=Callable[..., Any])


def opens_approval(router: APIRouter, path: str, *, summary: str, errors: tuple[int, ...]) -> Callable[[Route], Route]:
    """The decorator of a route that opens an approval (``POST``, 201 with an ``ApprovalOut``)."""
    return router.post(path, status_code=201, summary=summary, responses=documented(*errors))


def opened(db: Db, owner_id: int, operation: approvals.Operation | None) -> ApprovalOut:
    """A new approval of exactly ``operation``; ``ApprovalNotNeeded`` (409) when it needs none (``None``)."""
    if operation is None:
        raise ApprovalNotNeeded
    return ApprovalOut.model_validate(approvals.open_approval(db, owner_id=owner_id, operation=operation))


def require_approval(db: Db, owner_id: int, operation: approvals.Operation | None, approval_id: str | None) -> None:
    """``ApprovalRequired`` (403) unless ``operation`` needs no approval (``None``) or ``approval_id`` approves
    exactly it (used up here, once)."""
    if operation is not None and not (
        approval_id and approvals.consume(db, owner_id=owner_id, public_id=approval_id, operation=operation)
    ):
        raise ApprovalRequired
