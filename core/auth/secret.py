"""The deployment's signing key: configured, never built in.

Access tokens, web session cookies and CSRF tokens are signed with one key.  A key in the source
code would let anyone who reads it forge an operator token, so there is none: the key comes from
``GUANXI_SECRET_KEY`` or, when that is unset, from the key file (``GUANXI_SECRET_KEY_FILE``,
default ``var/secret_key``) that ``guanxi secret init`` writes once per installation.  Whatever
needs the key calls :func:`signing_key`, which refuses a missing or short key with one line that
says how to set it.  The key is read once per process: restart after changing it.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from core.errors import GuanxiError
from core.settings import get_settings

MIN_LENGTH = 32
#: The key older versions shipped as a default; deployments that copied it must not keep it.
_FORMER_DEFAULT = "change-me-in-production-guanxi-secret-key"
_HOW = "set GUANXI_SECRET_KEY to a random string of at least 32 characters, or run `guanxi secret init`"


class SecretKeyProblem(GuanxiError):
    """No usable signing key is configured; the message says how to set one."""


def signing_key() -> str:
    """The configured key; :class:`SecretKeyProblem` when it is missing, short or the former default."""
    settings = get_settings()
    return _resolve(settings.secret_key or None, settings.secret_key_file)


@lru_cache(maxsize=8)
def _resolve(value: str | None, key_file: Path) -> str:
    source = "GUANXI_SECRET_KEY"
    if value is None:
        source = str(key_file)
        try:
            value = key_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise SecretKeyProblem(f"no secret key is configured: {_HOW} to write {key_file}") from None
        except OSError as exc:
            raise SecretKeyProblem(
                f"cannot read the secret key file {key_file} ({exc.strerror}): {_HOW}"
            ) from None
    if value == _FORMER_DEFAULT:
        raise SecretKeyProblem(f"the secret key in {source} is the one published in the source code: {_HOW}")
    if len(value) < MIN_LENGTH:
        raise SecretKeyProblem(
            f"the secret key in {source} is too short ({len(value)} characters, "
            f"at least {MIN_LENGTH} needed): {_HOW}"
        )
    return value


def init_secret_key(key_file: Path | None = None) -> bool:
    """Write a new random key to ``key_file`` (default: the configured one) unless it exists.

    The file is created exclusively with mode 0600, so two first runs cannot both write one and
    other local users cannot read it.  Returns whether a key was written.
    """
    key_file = key_file or get_settings().secret_key_file
    key_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(48) + "\n")
    return True
