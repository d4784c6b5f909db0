"""Authentication errors; the API turns them into 401 and 429 answers (core.api.errors)."""

from __future__ import annotations

from core.errors import GuanxiError


class NotAuthenticated(GuanxiError):
    """No credentials, or credentials that are wrong, expired or revoked."""


class RateLimited(GuanxiError):
    """Too many failed sign-ins; ``retry_after`` says in how many seconds to try again."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"too many failed sign-ins; try again in {retry_after} seconds")
