"""Core's editions: basic → standard → professional.  Packs add industry editions on top."""

from __future__ import annotations

from core.hooks import hookimpl
from core.records import Edition

BASIC_FEATURES = ("customers", "interactions", "import", "timeline")
STANDARD_FEATURES = ("segments", "reminders", "surveys", "dedupe")
PROFESSIONAL_FEATURES = ("metrics", "api_keys", "audit")


@hookimpl
def guanxi_register_editions() -> list[Edition]:
    return [
        Edition("basic", "Basic", 10, features=BASIC_FEATURES),
        Edition("standard", "Standard", 20, features=STANDARD_FEATURES, extends="basic"),
        Edition(
            "professional", "Professional", 30, features=PROFESSIONAL_FEATURES, extends="standard"
        ),
    ]
