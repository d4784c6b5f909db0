"""Sign in, refresh, sign out.

These routes run before there is a tenant, in their own unscoped unit of work; failed attempts
and revocations are committed even when the answer is a refusal.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlmodel import Session

from core.api.responses import responses
from core.auth.errors import NotAuthenticated
from core.auth.login import attempt_login
from core.auth.models import RefreshIn, TokenOut
from core.auth.refresh import issue_refresh_token, revoke_refresh_token, rotate_refresh_token
from core.auth.tokens import issue_access_token
from core.caller import session_scope
from core.models import User
from core.tenancy import unit_of_work

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


async def _session(request: Request) -> AsyncIterator[Session]:
    # a refusal keeps its failed attempt and its family revocation: throttling counts them
    work = unit_of_work(request.app.state.engine, None, keep_on=(NotAuthenticated,))
    async with session_scope(work) as session:
        yield session


AuthSession = Annotated[Session, Depends(_session, scope="function")]


def _tokens(session: Session, user: User, refresh: str | None = None) -> TokenOut:
    access, lifetime = issue_access_token(user=user)
    refresh = refresh or issue_refresh_token(session=session, user=user)
    return TokenOut(access_token=access, expires_in=lifetime, refresh_token=refresh)


@router.post("/token", responses=responses(429))
def sign_in(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, session: AuthSession
) -> TokenOut:
    """OAuth2 password sign-in (``username`` is the e-mail address).  In 15 minutes, 5 failures of
    an account from one address, 50 of an account or 20 from an address pause sign-in there (429
    with ``Retry-After``); the account's owner elsewhere still signs in."""
    address = request.client.host if request.client else None
    user = attempt_login(session=session, email=form.username, password=form.password, address=address)
    if user is None:
        raise NotAuthenticated("wrong e-mail address or password")
    return _tokens(session, user)


@router.post("/refresh", responses=responses())
def refresh(body: RefreshIn, session: AuthSession) -> TokenOut:
    """Trade a refresh token for a new access token and a new refresh token (the old one is spent)."""
    user, next_token = rotate_refresh_token(session=session, token=body.refresh_token)
    return _tokens(session, user, next_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=responses())
def logout(body: RefreshIn, session: AuthSession) -> None:
    """Revoke the refresh token (and every token rotated from it)."""
    revoke_refresh_token(session=session, token=body.refresh_token)
