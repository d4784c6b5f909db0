"""Deployment settings, read once from ``GUANXI_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("var")


class Settings(BaseSettings):
    """Everything a deployment may change without touching code."""

    model_config = SettingsConfigDict(env_prefix="GUANXI_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DATA_DIR / 'guanxi.db'}",
        description="SQLAlchemy URL; embedded SQLite by default, postgresql://... at scale.",
    )
    secret_key: str = Field(
        default="change-me-in-production-guanxi-secret-key",
        description="Signs access tokens, session cookies and CSRF tokens.",
    )
    access_token_minutes: int = 15
    refresh_token_days: int = 14
    default_locale: str = "zh_Hans"
    max_page_size: int = 200
    max_body_bytes: int = 2 * 1024 * 1024
    #: Import uploads (API and web page) only; every other request keeps ``max_body_bytes``.
    max_import_bytes: int = 20 * 1024 * 1024
    sql_echo: bool = False
    #: ``production`` (argon2's recommended cost) everywhere but the test suite, which sets ``test``.
    password_hash_cost: Literal["production", "test"] = "production"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache after changing the environment."""
    return Settings()
