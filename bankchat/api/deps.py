"""Dependencies shared by the routes, as ``Annotated`` aliases.

``DbSession`` is one unit of work per request (commit on success, rollback on
error, both before the response leaves); ``CurrentUser`` is the owner of the
``Authorization: Bearer`` token; ``OwnedSession`` is one of the caller's
conversations; ``TrustedOrigin`` refuses cross-site requests to the cookie routes;
``ClientAddress`` is the caller's address. ``require_manager`` guards the manager's
routers (``APIRouter(dependencies=[Depends(require_manager)])``); the services they call
check the role again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session as Db

from bankchat import origins
from bankchat.api.client import client_address
from bankchat.api.errors import BadOrigin
from bankchat.db import session_scope
from bankchat.errors import InvalidToken
from bankchat.services import SessionView, UserView, auth, chat_service, roles

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="BearerToken",
    description="The `accessToken` from `POST /api/auth/login`.",
)


def get_db() -> Iterator[Db]:
    """A database session for one request: commit on success, rollback on any error."""
    with session_scope() as db:
        yield db


# scope="function": the commit lands before the response is sent, so a client
# may use what it was just given (a token, a session) in its very next request.
DbSession = Annotated[Db, Depends(get_db, scope="function")]


def get_bearer_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]) -> str:
    """The bearer token of the request; ``InvalidToken`` when there is none."""
    if credentials is None or not credentials.credentials:
        raise InvalidToken
    return credentials.credentials


BearerToken = Annotated[str, Depends(get_bearer_token)]


def get_current_user(token: BearerToken) -> UserView:
    """The user a live bearer token belongs to; ``InvalidToken`` otherwise.

    Checked in its own short transaction: a route that hands the work to a service
    (which opens its own) then holds no pooled connection while it waits.
    """
    with session_scope() as db:
        return auth.user_for_token(db=db, token=token)


CurrentUser = Annotated[UserView, Depends(get_current_user)]


def require_manager(user: CurrentUser) -> None:
    """A router's guard: 401 without a live token, ``NotAManager`` (403) for anyone but a manager."""
    roles.require_manager(user)


def get_owned_session(
    db: DbSession, user: CurrentUser, session_id: Annotated[str, Path(description="The session ID")]
) -> SessionView:
    """The caller's conversation; anyone else's answers 404 exactly like a missing one."""
    return chat_service().get_conversation(db=db, session_id=session_id, user_id=user.id)


OwnedSession = Annotated[SessionView, Depends(get_owned_session)]


ClientAddress = Annotated[str, Depends(client_address)]


def require_trusted_origin(request: Request) -> None:
    """Refuse a request whose ``Origin`` is neither the page's own nor a configured front end's (CSRF)."""
    origin = request.headers.get("origin")
    if origin is None:
        return
    schemes = {request.url.scheme, request.headers.get("x-forwarded-proto", "").split(",")[0]}
    if not origins.is_trusted(origin, host=request.headers.get("host", ""), schemes=schemes):
        raise BadOrigin


TrustedOrigin = Depends(require_trusted_origin)

__all__ = [
    "BearerToken",
    "ClientAddress",
    "CurrentUser",
    "DbSession",
    "OwnedSession",
    "TrustedOrigin",
    "bearer_scheme",
    "require_manager",
]
