"""The pack's messages in the tenant's language, for text built outside templates (reminders).

The same ``.po`` catalogs the web UI reads (``locale/<locale>/LC_MESSAGES/messages.po``), compiled
in memory once per process, so there is one source of truth for every wording.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"


def _(message: str) -> str:
    """Marks a msgid for extraction; translate it with :func:`gettext`."""
    return message


@lru_cache(maxsize=8)
def _catalog(locale: str) -> NullTranslations:
    po = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as fp:
        catalog = read_po(fp, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def gettext(locale: str, message: str, **variables: object) -> str:
    text = _catalog(locale).gettext(message)
    return text % variables if variables else text
