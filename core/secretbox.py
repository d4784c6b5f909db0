"""Secrets the application must read back (a mail server's password), encrypted at rest.

A password Guanxi only checks is hashed (core.security); one it must *send* to another server has
to be recoverable, so it is encrypted instead.  The key is derived with HKDF-SHA256 from the
installation secret (``guanxi secret init`` / ``GUANXI_SECRET_KEY``) and a purpose label, so a
stolen database or backup without the secret reveals nothing, and each purpose gets its own key.
Fernet (AES-128-CBC + HMAC-SHA256, from the ``cryptography`` package) does the rest: no
hand-written crypto here.

Changing the installation secret makes the stored values unreadable: :func:`reveal` then raises
:class:`UnreadableSecret`, whose message says to enter the value again.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.auth.secret import signing_key
from core.errors import Conflict

#: Labels of what each key is for; a new purpose gets a new label, never a reused one.
SMTP_PASSWORD = "guanxi smtp password v1"


class UnreadableSecret(Conflict):
    """A stored secret cannot be decrypted with this installation's secret."""


@lru_cache(maxsize=16)
def _fernet(installation_secret: str, purpose: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(
        installation_secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value: str, *, purpose: str, secret: str | None = None) -> str:
    """``value`` encrypted (a Fernet token, ASCII); ``secret`` defaults to the installation's."""
    return _fernet(secret or signing_key(), purpose).encrypt(value.encode()).decode("ascii")


def reveal(token: str, *, purpose: str, secret: str | None = None) -> str:
    """The value :func:`seal` encrypted; :class:`UnreadableSecret` if it was sealed with another
    installation secret or altered."""
    try:
        return _fernet(secret or signing_key(), purpose).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError, ValueError):
        raise UnreadableSecret(
            "the stored password cannot be decrypted with this installation's secret "
            "(was the secret changed?): enter the password again"
        ) from None
