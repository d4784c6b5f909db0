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
        Edition(
            "basic", "Basic", 10, features=BASIC_FEATURES, titles={"zh_Hans": "基础版", "zh_Hant": "基礎版"}
        ),
        Edition(
            "standard",
            "Standard",
            20,
            features=STANDARD_FEATURES,
            extends="basic",
            titles={"zh_Hans": "标准版", "zh_Hant": "標準版"},
        ),
        Edition(
            "professional",
            "Professional",
            30,
            features=PROFESSIONAL_FEATURES,
            extends="standard",
            titles={"zh_Hans": "专业版", "zh_Hant": "專業版"},
        ),
    ]
