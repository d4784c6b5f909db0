"""Languages of the web UI: which one a request gets, its catalog, and Babel formatting.

Catalogs are gettext ``.po`` files compiled in memory when first needed, so the ``.po`` files are the
only source of truth and no compiled ``.mo`` can drift from them.  A pack ships its own catalogs in
the ``locale_dir`` of its :class:`core.records.TemplateDir` (``<locale>/LC_MESSAGES/messages.po``);
they are consulted after core's, so a pack adds messages but cannot change core's wording.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers
from babel.core import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

CORE_LOCALE_DIR = Path(__file__).parent / "locale"
LOCALES: dict[str, str] = {"en": "English", "zh_Hans": "简体中文", "zh_Hant": "繁體中文"}
#: Accept-Language tags to our locales (browsers send zh-CN, zh-TW, zh-HK, en-US...).
_ACCEPT_ALIASES = {
    "zh_CN": "zh_Hans",
    "zh_SG": "zh_Hans",
    "zh_Hans": "zh_Hans",
    "zh": "zh_Hans",
    "zh_TW": "zh_Hant",
    "zh_HK": "zh_Hant",
    "zh_MO": "zh_Hant",
    "zh_Hant": "zh_Hant",
    "en": "en",
}
DEFAULT_LOCALE = "zh_Hans"


def html_lang(locale: str) -> str:
    return locale.replace("_", "-")


def from_accept_language(header: str | None) -> str | None:
    """The best of our locales for an Accept-Language header, honouring q-values."""
    if not header:
        return None
    tags = []
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and q > 0:
            tags.append((q, tag.strip().replace("-", "_")))
    preferred = [tag for _q, tag in sorted(tags, key=lambda t: -t[0])]
    for tag in preferred:
        # zh_Hant_TW -> zh_Hant, zh_TW, zh
        pieces = tag.split("_")
        for candidate in ("_".join(pieces[:2]), f"{pieces[0]}_{pieces[-1]}", pieces[0]):
            for alias, ours in _ACCEPT_ALIASES.items():
                if alias.lower() == candidate.lower():
                    return ours
    match = negotiate_locale(preferred, list(LOCALES), sep="_")
    return match


def choose_locale(
    *,
    user_locale: str | None,
    tenant_locale: str | None,
    session_locale: str | None,
    accept_language: str | None,
    default: str = DEFAULT_LOCALE,
) -> str:
    """The user's own choice, then the tenant's default; before sign-in the language picked on the
    sign-in page, then the browser's."""
    for candidate in (user_locale, tenant_locale, session_locale, from_accept_language(accept_language)):
        if candidate in LOCALES:
            return candidate
    return default if default in LOCALES else DEFAULT_LOCALE


def _compile(po_path: Path, locale: str) -> Translations:
    with po_path.open("rb") as fp:
        catalog = read_po(fp, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def load_translations(locale: str, locale_dirs: Iterable[Path]) -> NullTranslations:
    """Core's catalog for ``locale`` with each pack's catalog as a fallback, in pack order."""
    found: list[Translations] = []
    for directory in [CORE_LOCALE_DIR, *locale_dirs]:
        po = directory / locale / "LC_MESSAGES" / "messages.po"
        if po.is_file():
            found.append(_compile(po, locale))
    if not found:
        return NullTranslations()
    first = found[0]
    for more in found[1:]:
        first.add_fallback(more)
    return first


@dataclass(frozen=True)
class Formatter:
    """Dates, numbers and money for one locale and one tenant time zone."""

    locale: str
    timezone: str

    @property
    def babel_locale(self) -> Locale:
        return Locale.parse(self.locale)

    def datetime(self, value: datetime | None, format: str = "medium") -> str:
        if value is None:
            return ""
        return dates.format_datetime(value, format, tzinfo=ZoneInfo(self.timezone), locale=self.babel_locale)

    # Annotated through ``dt``: inside the class, ``date`` and ``datetime`` name these methods.
    def date(self, value: dt.date | dt.datetime | None, format: str = "medium") -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.astimezone(ZoneInfo(self.timezone)).date()
        return dates.format_date(value, format, locale=self.babel_locale)

    def month(self, value: dt.date) -> str:
        return dates.format_skeleton("yMMM", value, locale=self.babel_locale)

    def number(self, value: int | float | Decimal | None) -> str:
        return "" if value is None else numbers.format_decimal(value, locale=self.babel_locale)

    def money(self, value: Decimal | None, currency: str | None) -> str:
        if value is None:
            return ""
        return numbers.format_currency(value, currency or "CNY", locale=self.babel_locale)
