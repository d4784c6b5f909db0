"""Tables of authentication (refresh tokens, failed login attempts, web sessions) and the bodies
of the token routes.

Secrets are never stored: refresh tokens are kept as SHA-256 digests (they are long random
strings, so a fast digest is enough; passwords, which people choose, use argon2 instead).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from core.modelbase import TenantOwned, _ts
from core.types import UTCDateTime


class RefreshToken(SQLModel, table=True):
    """One refresh token of a login; rotating it revokes it and issues the next of its ``family``.

    Presenting a revoked token again means it leaked: the whole family is revoked.  Not
    tenant-scoped through the session filter, because operators (no tenant) sign in too.
    """

    __tablename__ = "refresh_tokens"
    __table_args__ = (
        Index("ix_refresh_tokens_tenant_user", "tenant_id", "user_id"),
        Index("ix_refresh_tokens_family", "family"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", nullable=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    family: str = Field(max_length=32)
    issued_at: datetime = _ts()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginAttempt(SQLModel, table=True):
    """A failed sign-in, by account (``scope='account'``) and by client address (``'address'``).

    Kept in the database, so every worker of a deployment sees the same count.
    """

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_scope_key_at", "scope", "key", "attempted_at"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=16)
    key: str = Field(max_length=254)
    attempted_at: datetime = _ts()


class WebSession(TenantOwned, table=True):
    """A signed-in browser.  The cookie carries a random id whose digest is ``token_hash``; every
    page checks the row, so signing out (``revoked_at``) ends the session on the server too, not
    only in the browser that signed out."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index("ix_web_sessions_tenant_user", "tenant_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _ts()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class TokenOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJIUzI1NiIs...",
                    "token_type": "bearer",
                    "expires_in": 900,
                    "refresh_token": "3q2-7wEAAAA...",
                }
            ]
        }
    )

    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str


class RefreshIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"refresh_token": "3q2-7wEAAAA..."}]}
    )

    refresh_token: str = Field(min_length=1, max_length=200)
