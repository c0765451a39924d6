"""Monthly statements as files: by bearer token (REST clients), or by a signed link from the chat (the browser).

``GET /api/accounts/{id}/statements/{YYYY-MM}.pdf`` (and ``.csv``) is the owner's, like every
account route: another customer's account is 404. ``GET /api/statements/{id}/{YYYY-MM}.pdf?expires=…&signature=…``
is the link a chat reply offers (``bank/statement_links.py``): it needs no token, since the browser
holds none, but only works as signed and for ``statement_link_minutes``; opened by a signed-in
customer who is not the owner, it is 404 as well. A browser whose link fails gets a short HTML page
(``api/link_pages.py``) instead of the JSON error.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from bankchat.api.deps import CurrentUser, DbSession
from bankchat.api.errors import documented
from bankchat.api.fields import MAX_ID
from bankchat.api.link_pages import link_problem_page, wants_html
from bankchat.api.schemas import StatementMonthOut
from bankchat.bank.statement_links import FORMATS, Format
from bankchat.db import session_scope
from bankchat.errors import InvalidLink, InvalidToken, NotFound
from bankchat.services import UserView, auth
from bankchat.services.statements import StatementFile, download, download_by_link, months
from bankchat.settings import get_settings

router = APIRouter(tags=["statements"])

AccountId = Annotated[int, Path(ge=1, le=MAX_ID, description="The account's ID")]
Month = Annotated[str, Path(max_length=16, description="The calendar month, `YYYY-MM` (e.g. `2025-02`)")]
Expires = Annotated[int, Query(ge=0, le=MAX_ID, description="When the link stops working (Unix seconds)")]
Signature = Annotated[str, Query(max_length=128, description="The link's signature, as the chat gave it")]
_FILE = {
    "pdf": {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
    "csv": {"content": {"text/csv": {"schema": {"type": "string"}}}},
}


def _answer(file: StatementFile) -> Response:
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )


def _responses(fmt: Format, *errors: int) -> dict[int | str, dict[str, object]]:
    return {
        200: {**_FILE[fmt], "description": f"The statement as {fmt.upper()}, as an attachment"},
        **documented(*errors),
    }


def signed_in_or_anyone(request: Request) -> UserView | None:
    """Who opens a link: the bearer token's user (a bad token is 401), else the sign-in cookie's, else nobody.

    Read by hand, not declared as a security scheme: the link itself is the credential (OpenAPI lists
    these routes as needing no token).
    """
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        with session_scope() as db:
            return auth.user_for_token(db=db, token=token.strip())
    cookie = request.cookies.get(get_settings().cookie_name)
    if not cookie:
        return None
    try:
        with session_scope() as db:
            return auth.user_for_token(db=db, token=cookie)
    except InvalidToken:
        return None  # a stale sign-in in the browser: the link alone decides


Caller = Annotated[UserView | None, Depends(signed_in_or_anyone)]


def _by_link(
    request: Request,
    db: DbSession,
    caller: UserView | None,
    account_id: int,
    month: str,
    fmt: Format,
    expires: int,
    signature: str,
) -> Response:
    """The file a chat link names; for a browser, a link that fails is a page saying how to get a fresh one."""
    try:
        file = download_by_link(
            db=db, account_id=account_id, month=month, fmt=fmt, expires=expires, signature=signature, caller=caller
        )
    except (InvalidLink, NotFound) as exc:
        if not wants_html(request):
            raise
        return link_problem_page(exc)
    return _answer(file)


@router.get(
    "/accounts/{account_id}/statements", summary="The months with a statement", responses=documented(401, 404, 422)
)
def list_statements(db: DbSession, user: CurrentUser, account_id: AccountId) -> list[StatementMonthOut]:
    """From the current month (to date) back to the account's first; another user's account is 404."""
    base = f"/api/accounts/{account_id}/statements"
    return [
        StatementMonthOut(
            month=f"{month:%Y-%m}",
            to_date=number == 0,
            pdf_url=f"{base}/{month:%Y-%m}.pdf",
            csv_url=f"{base}/{month:%Y-%m}.csv",
        )
        for number, month in enumerate(months(db=db, user=user, account_id=account_id))
    ]


_BY_TOKEN: dict[Format, str] = {
    "pdf": (
        "Opening balance, every posting with its running balance, closing balance.\n\n"
        "Another user's account is 404 like a missing one; a month that is no month is 422 `invalid_month`;\n"
        "a month before the account's first statement or still to come is 404 `statement_not_found`."
    ),
    "csv": "A header block (customer, account, period, opening, money in and out, closing), then one row a posting.",
}
"""What each format's owner route says of itself (its OpenAPI description)."""
_BY_LINK = (
    "403 `invalid_link` when altered, 410 `link_expired` once expired; 404 for a signed-in customer not its owner."
    "\n\nA browser (`Accept: text/html`) gets a short HTML page instead of the JSON, with the same status."
)


def _by_token_route(fmt: Format) -> None:
    """The owner's route to one format (operation ``statement_<fmt>``)."""

    def by_token(db: DbSession, user: CurrentUser, account_id: AccountId, month: Month) -> Response:
        return _answer(download(db=db, user=user, account_id=account_id, month=month, fmt=fmt))

    router.get(
        f"/accounts/{{account_id}}/statements/{{month}}.{fmt}",
        name=f"statement_{fmt}",
        summary=f"A month's statement as {fmt.upper()}",
        description=_BY_TOKEN[fmt],
        response_class=Response,
        responses=_responses(fmt, 401, 404, 422),
    )(by_token)


def _by_link_route(fmt: Format) -> None:
    """The chat link's route to one format (operation ``linked_<fmt>``)."""

    def by_link(
        request: Request,
        db: DbSession,
        caller: Caller,
        account_id: AccountId,
        month: Month,
        expires: Expires,
        signature: Signature,
    ) -> Response:
        return _by_link(request, db, caller, account_id, month, fmt, expires, signature)

    router.get(
        f"/statements/{{account_id}}/{{month}}.{fmt}",
        name=f"linked_{fmt}",
        summary=f"A statement as {fmt.upper()}, by the signed link the chat gave",
        description=_BY_LINK,
        response_class=Response,
        responses=_responses(fmt, 401, 403, 404, 410, 422),
    )(by_link)


for _fmt in FORMATS:
    _by_token_route(_fmt)
for _fmt in FORMATS:
    _by_link_route(_fmt)
