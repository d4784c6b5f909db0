"""Users and roles: the table of people who sign in and the bodies of the users routes."""

from __future__ import annotations

import enum
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Index
from sqlmodel import Field

from core.modelbase import TenantOwned, _ts


class Role(enum.StrEnum):
    """Tenant roles, most to least privileged; ``operator`` is the deployment's integrator."""

    operator = "operator"
    owner = "owner"
    admin = "admin"
    manager = "manager"
    rep = "rep"
    technician = "technician"
    viewer = "viewer"


class User(TenantOwned, table=True):
    """A person who signs in.  Operators have no tenant (``tenant_id`` is NULL)."""

    __tablename__ = "users"
    __table_args__ = (Index("ix_users_tenant_role", "tenant_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", nullable=True)
    email: str = Field(max_length=254, unique=True)
    display_name: str = Field(max_length=200)
    role: str = Field(default=Role.rep.value, max_length=32)
    team: str | None = Field(default=None, max_length=100)
    password_hash: str = Field(default="", max_length=255)
    locale: str | None = Field(default=None, max_length=16)
    active: bool = True
    created_at: datetime = _ts()


class UserOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 7,
                    "email": "wang.fang@example.cn",
                    "display_name": "王芳",
                    "role": "rep",
                    "team": "east",
                    "active": True,
                    "created_at": "2026-05-01T02:00:00Z",
                }
            ]
        },
    )

    id: int
    email: str
    display_name: str
    role: str
    team: str | None
    active: bool
    created_at: datetime


class MeOut(UserOut):
    tenant: str
    permissions: list[str]


class UserCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "email": "wang.fang@example.cn",
                    "password": "a long passphrase",
                    "display_name": "王芳",
                    "role": "rep",
                    "team": "east",
                }
            ]
        },
    )

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=8, max_length=200)
    display_name: str | None = Field(default=None, max_length=200)
    role: str = Field(default="rep", max_length=32)
    team: str | None = Field(default=None, max_length=100)


class UserUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"role": "manager", "team": "west"}]},
    )

    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    role: str | None = Field(default=None, max_length=32)
    team: str | None = Field(default=None, max_length=100)
    active: bool | None = None
