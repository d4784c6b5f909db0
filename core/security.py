"""Password hashing with argon2 (pwdlib): slow on purpose, salted, upgradable."""

from __future__ import annotations

from functools import lru_cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from core.settings import get_settings


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    """argon2 at the recommended cost; ``GUANXI_PASSWORD_HASH_COST=test`` (set by the test plugin
    only) picks argon2's minimum so thousands of test users do not dominate the suite.  Hashes
    carry their parameters, so either setting verifies hashes made by the other."""
    if get_settings().password_hash_cost == "test":
        return PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))
    return PasswordHash.recommended()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher().verify(password, password_hash)
    except Exception:
        return False
