"""API keys for integrations: shown once, stored as a digest, scoped, revocable.

A key reads ``gxk_<prefix>_<secret>``: the prefix finds the row without scanning, the digest of
the whole key proves it (compared in constant time).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlmodel import Session, col, select

from core.apikeys.models import ApiKey
from core.errors import InvalidInput, NotFound, Problem
from core.models import Tenant
from core.types import utcnow

KEY_MARK = "gxk_"
SCOPES = ("read", "write")


def looks_like_api_key(token: str) -> bool:
    return token.startswith(KEY_MARK)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_key(
    *, session: Session, tenant: Tenant, name: str, scopes: list[str], created_by: str | None
) -> tuple[ApiKey, str]:
    """Create a key; returns the row and the key itself, which is never available again."""
    problems = [
        Problem(f"scopes.{i}", f"must be one of {', '.join(SCOPES)}")
        for i, scope in enumerate(scopes)
        if scope not in SCOPES
    ]
    if not scopes:
        problems.append(Problem("scopes", "give at least one scope (read or write)"))
    if not name.strip():
        problems.append(Problem("name", "a name is required"))
    if problems:
        raise InvalidInput(problems)
    prefix = secrets.token_hex(6)
    token = f"{KEY_MARK}{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        tenant_id=tenant.id,
        name=name.strip(),
        prefix=prefix,
        key_hash=_digest(token),
        scopes=sorted(set(scopes)),
        created_by=created_by,
    )
    session.add(key)
    session.flush()
    return key, token


def resolve_api_key(*, session: Session, token: str) -> ApiKey | None:
    """The active key ``token`` names, or ``None``; looks across tenants (it decides the tenant)."""
    parts = token[len(KEY_MARK) :].split("_", 1)
    if not looks_like_api_key(token) or len(parts) != 2:
        return None
    key = session.exec(select(ApiKey).where(ApiKey.prefix == parts[0])).first()
    if key is None or key.revoked_at is not None:
        return None
    return key if hmac.compare_digest(key.key_hash, _digest(token)) else None


def revoke_api_key(*, session: Session, key_id: int) -> ApiKey:
    key = session.get(ApiKey, key_id)
    tenant_id = session.info.get("guanxi_tenant_id")
    if key is None or (tenant_id is not None and key.tenant_id != tenant_id):
        raise NotFound(f"API key {key_id} not found")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        session.flush()
    return key


def list_api_keys(*, session: Session) -> list[ApiKey]:
    return list(session.exec(select(ApiKey).order_by(col(ApiKey.id))).all())
