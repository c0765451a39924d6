"""The caller's accounts and their statements."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from bankchat import bank
from bankchat.api.deps import CurrentUser, DbSession
from bankchat.api.errors import documented
from bankchat.api.fields import MAX_ID, PUBLIC_ID_PATTERN
from bankchat.api.schemas import AccountOut, TransactionOut, TransactionPageOut
from bankchat.bank.ledger import MAX_PAGE

router = APIRouter(prefix="/accounts", tags=["accounts"])

DEFAULT_PAGE = 20


@router.get("", summary="The caller's accounts", responses=documented(401))
def list_accounts(db: DbSession, user: CurrentUser) -> list[AccountOut]:
    """Checking, savings and credit card, with balances in integer cents."""
    return [AccountOut.model_validate(a) for a in bank.list_accounts(db=db, owner_id=user.id)]


@router.get("/{account_id}/transactions", summary="A statement page, newest first", responses=documented(401, 404, 422))
def list_transactions(
    db: DbSession,
    user: CurrentUser,
    account_id: Annotated[int, Path(ge=1, le=MAX_ID, description="The account's ID")],
    before: Annotated[
        str | None, Query(pattern=PUBLIC_ID_PATTERN, description="A `nextBefore` cursor of this account")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size")] = DEFAULT_PAGE,
) -> TransactionPageOut:
    """Another user's account answers 404 ``Account not found``, exactly like a missing one.

    A cursor this account's statement never gave (edited, or another account's) is 422 `invalid_cursor`.
    """
    before_id = None
    if before is not None:
        before_id = bank.cursor_row_id(db=db, owner_id=user.id, account_id=account_id, cursor=before)
    page = bank.search_transactions(db=db, owner_id=user.id, account_id=account_id, limit=limit, before_id=before_id)
    return TransactionPageOut(
        transactions=[TransactionOut.model_validate(t) for t in page.items], next_before=page.next_cursor
    )
