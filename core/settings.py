"""Deployment settings, read once from ``GUANXI_*`` environment variables."""

from __future__ import annotations

import ipaddress
import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATA_DIR = Path("var")


class Settings(BaseSettings):
    """Everything a deployment may change without touching code."""

    model_config = SettingsConfigDict(env_prefix="GUANXI_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DATA_DIR / 'guanxi.db'}",
        description="SQLAlchemy URL; embedded SQLite by default, postgresql://... at scale.",
    )
    secret_key: str | None = Field(
        default=None,
        repr=False,
        description="Signs access tokens, session cookies and CSRF tokens (at least 32 characters). "
        "Nothing is built in: unset, the key is read from ``secret_key_file``; read it through "
        "core.auth.secret.signing_key(), which refuses a missing or short key.",
    )
    secret_key_file: Path = Field(
        default=DEFAULT_DATA_DIR / "secret_key",
        description="Where the key is read from when GUANXI_SECRET_KEY is unset; "
        "`guanxi secret init` (run by `make run`) writes a random one there, mode 0600.",
    )
    access_token_minutes: int = 15
    #: Tokens claiming to live longer than this are refused, however well signed.
    max_access_token_minutes: int = 60
    refresh_token_days: int = 14
    #: Addresses or networks (``10.0.0.0/8``) of reverse proxies whose ``X-Forwarded-For`` and
    #: ``X-Forwarded-Proto`` are believed; comma-separated or a JSON list.  Empty: nobody's.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: The address people reach this deployment at (``https://crm.example.com``), used for links
    #: that leave the browser, such as calendar feed URLs.  Unset: the request's host, if trusted.
    base_url: str | None = None
    #: Hosts a request's ``Host`` header may name for such links when ``base_url`` is unset.
    trusted_hosts: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["127.0.0.1", "localhost"])
    default_locale: str = "zh_Hans"
    max_page_size: int = 200
    max_body_bytes: int = 2 * 1024 * 1024
    #: Import uploads (API and web page) only; every other request keeps ``max_body_bytes``.
    max_import_bytes: int = 20 * 1024 * 1024
    sql_echo: bool = False
    #: Run due jobs inside ``guanxi serve`` (one process at a time, through a database lease).
    #: Off where a broker-backed queue runs them, and in the test suite, which ticks by hand.
    jobs_embedded: bool = True
    #: How often each serving process asks whether jobs are due.
    jobs_interval_seconds: int = Field(default=30, ge=1)
    #: ``production`` (argon2's recommended cost) everywhere but the test suite, which sets ``test``.
    password_hash_cost: Literal["production", "test"] = "production"
    #: Which installed packs load: ``retail,pharma-sales`` allows only those, ``-equipment``
    #: blocks one; empty loads all.  The grammar is in :mod:`core.packs.selection`.
    packs: str = ""
    #: Log every hook call (hook, packs reached, duration) to the ``guanxi.hooks`` logger.
    trace_hooks: bool = False

    @field_validator("trusted_proxies", "trusted_hosts", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        """``a,b`` or ``["a", "b"]`` from the environment."""
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError as exc:
                raise ValueError(f"'{entry}' is not an IP address or network") from exc
        return value


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache after changing the environment."""
    return Settings()
