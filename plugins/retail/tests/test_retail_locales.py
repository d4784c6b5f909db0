"""Every message of the retail pack's pages and reminders is translated to both Chinese scripts."""

from __future__ import annotations

from pathlib import Path

import guanxi_retail
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

PACK = Path(guanxi_retail.__file__).parent
PYTHON_WITH_MESSAGES = ("panels.py", "campaigns/reminders.py")


def _msgids() -> set[str]:
    found: set[str] = set()
    for template in (PACK / "templates").rglob("*.html"):
        with template.open("rb") as fp:
            for _line, _func, message, _comments in babel_extract(fp, ("_", "gettext"), [], {}):
                found.add(message if isinstance(message, str) else message[0])
    for module in PYTHON_WITH_MESSAGES:
        for _line, message, _comments, _context in extract_from_file(
            "python", PACK / module, keywords={"_": None}
        ):
            found.add(message)
    return found


def test_templates_and_reminders_have_messages_to_translate():
    assert {"Orders", "Retail value", "Campaign %(name)s ends today: %(offer)s"} <= _msgids()


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant", "en"])
def test_every_pack_message_has_a_translation(locale):
    with (PACK / "locale" / locale / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        catalog = read_po(fp, locale=locale)
    missing = sorted(m for m in _msgids() if not (catalog.get(m) and catalog.get(m).string))
    assert missing == []
    if locale != "en":
        untranslated = sorted(
            m for m in _msgids() if catalog.get(m).string == m and m.isascii() and m not in {"SKU"}
        )
        assert untranslated == []
