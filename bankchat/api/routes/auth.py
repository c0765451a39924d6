"""Sign-in: bearer tokens for API clients, an HttpOnly cookie for the browser, and ``/me``.

Routes that hash passwords or touch the database are plain ``def``: FastAPI runs
them in its thread pool, so argon2 never blocks the event loop.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from bankchat.api.client import cookie_secure
from bankchat.api.deps import BearerToken, ClientAddress, CurrentUser, DbSession, TrustedOrigin
from bankchat.api.errors import NO_CONTENT, documented
from bankchat.api.schemas import LoginIn, LoginOut, PasswordChangeIn, UserOut, WebSessionOut
from bankchat.services import auth
from bankchat.settings import get_settings

router = APIRouter(tags=["auth"])


@router.post("/auth/login", summary="Log in and get a bearer token", responses=documented(401, 422, 429))
def login(body: LoginIn, db: DbSession, address: ClientAddress) -> LoginOut:
    """Check the credentials; any wrong username or password gets the same 401.

    Repeated failures for a username or from an address get 429 with `Retry-After`
    (code `too_many_attempts`), whether or not the password is right.
    """
    result = auth.login(db=db, username=body.username, password=body.password, kind="api", address=address)
    return LoginOut(access_token=result.token, expires_at=result.expires_at, user=UserOut.model_validate(result.user))


@router.post("/auth/logout", summary="Revoke the bearer token", responses=documented(401), **NO_CONTENT)
def logout(
    db: DbSession,
    token: BearerToken,
    user: CurrentUser,
    everywhere: Annotated[bool, Query(description="Sign out every session of this user, browsers included")] = False,
) -> None:
    """After this the token answers 401; with ``everywhere=true`` every token of the user does."""
    auth.revoke_token(db=db, token=token)
    if everywhere:
        auth.revoke_all_tokens(db=db, user_id=user.id)


@router.post(
    "/auth/password",
    summary="Change the password (signs out every session)",
    responses=documented(401, 422, 429),
    **NO_CONTENT,
)
def change_password(body: PasswordChangeIn, db: DbSession, user: CurrentUser, address: ClientAddress) -> None:
    """Checks the current password (a wrong one is the generic 401 and counts as a failed sign-in).

    The new password has 8 to 1024 characters (422 otherwise). Every token of the
    user is revoked, this one and the browser's included: sign in again.
    """
    auth.change_password(
        db=db,
        user=user,
        current_password=body.current_password,
        new_password=body.new_password,
        address=address,
    )


@router.get("/me", summary="Who am I", responses=documented(401))
def me(user: CurrentUser) -> UserOut:
    """The signed-in user."""
    return UserOut.model_validate(user)


@router.post(
    "/auth/session",
    summary="Browser sign-in (sets the HttpOnly cookie)",
    dependencies=[TrustedOrigin],
    responses=documented(401, 403, 422, 429),
)
def open_web_session(
    body: LoginIn, db: DbSession, request: Request, response: Response, address: ClientAddress
) -> WebSessionOut:
    """Used by the login page: the token goes only into an HttpOnly cookie, never to JavaScript."""
    settings = get_settings()
    result = auth.login(db=db, username=body.username, password=body.password, kind="web", address=address)
    response.set_cookie(
        settings.cookie_name,
        result.token,
        max_age=settings.token_ttl_minutes * 60,
        path="/",
        secure=cookie_secure(request),
        httponly=True,
        samesite="lax",
    )
    return WebSessionOut(user=UserOut.model_validate(result.user), expires_at=result.expires_at)


@router.post(
    "/auth/session/logout",
    summary="Browser sign-out (revokes and clears the cookie)",
    dependencies=[TrustedOrigin],
    responses=documented(403),
    **NO_CONTENT,
)
def close_web_session(request: Request, db: DbSession) -> Response:
    """Revoke the cookie's sign-in, if any, and clear the cookie; 204 either way."""
    settings = get_settings()
    auth.revoke_token(db=db, token=request.cookies.get(settings.cookie_name))
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(settings.cookie_name, path="/", secure=cookie_secure(request), httponly=True, samesite="lax")
    return response
