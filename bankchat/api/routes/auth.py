"""Sign-in: bearer tokens for API clients, an HttpOnly cookie for the browser, and ``/me``.

Routes that hash passwords or touch the database are plain ``def``: FastAPI runs
them in its thread pool, so argon2 never blocks the event loop.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from bankchat.api.deps import BearerToken, CurrentUser, DbSession, TrustedOrigin
from bankchat.api.errors import documented
from bankchat.api.schemas import LoginIn, LoginOut, UserOut, WebSessionOut
from bankchat.services import auth
from bankchat.settings import get_settings

router = APIRouter(tags=["auth"])


@router.post("/auth/login", summary="Log in and get a bearer token", responses=documented(401, 422))
def login(body: LoginIn, db: DbSession) -> LoginOut:
    """Check the credentials; any wrong username or password gets the same 401."""
    result = auth.login(db=db, username=body.username, password=body.password, kind="api")
    return LoginOut(access_token=result.token, expires_at=result.expires_at, user=UserOut.model_validate(result.user))


@router.post(
    "/auth/logout",
    summary="Revoke the bearer token",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=documented(401),
)
def logout(db: DbSession, token: BearerToken, _user: CurrentUser) -> None:
    """After this the token answers 401 everywhere."""
    auth.revoke_token(db=db, token=token)


@router.get("/me", summary="Who am I", responses=documented(401))
def me(user: CurrentUser) -> UserOut:
    """The signed-in user."""
    return UserOut.model_validate(user)


@router.post(
    "/auth/session",
    summary="Browser sign-in (sets the HttpOnly cookie)",
    dependencies=[TrustedOrigin],
    responses=documented(401, 403, 422),
)
def open_web_session(body: LoginIn, db: DbSession, response: Response) -> WebSessionOut:
    """Used by the login page: the token goes only into an HttpOnly cookie, never to JavaScript."""
    settings = get_settings()
    result = auth.login(db=db, username=body.username, password=body.password, kind="web")
    response.set_cookie(
        settings.cookie_name,
        result.token,
        max_age=settings.token_ttl_minutes * 60,
        path="/",
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",
    )
    return WebSessionOut(user=UserOut.model_validate(result.user), expires_at=result.expires_at)


@router.post(
    "/auth/session/logout",
    summary="Browser sign-out (revokes and clears the cookie)",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    dependencies=[TrustedOrigin],
    responses=documented(403),
)
def close_web_session(request: Request, db: DbSession) -> Response:
    """Revoke the cookie's sign-in, if any, and clear the cookie; 204 either way."""
    settings = get_settings()
    auth.revoke_token(db=db, token=request.cookies.get(settings.cookie_name))
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(settings.cookie_name, path="/", secure=settings.cookie_secure, httponly=True, samesite="lax")
    return response
