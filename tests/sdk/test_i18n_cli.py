"""``guanxi plugins i18n extract|update|compile``: a pack's catalogs kept up to date in-process."""

from __future__ import annotations

import badpacks
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from core.cli.plugins import app as plugins_app

PACKAGE = "guanxi_wordy"


def _pack(tmp_path):
    root = badpacks.good_pack(tmp_path / "pack", "wordy")
    package = root / "src" / PACKAGE
    (package / "templates" / "wordy" / "rooms.html").write_text(
        '<h1>{{ _("Rooms") }}</h1>\n<p>{{ _("Nightly rate") }}</p>\n'
    )
    (package / "texts.py").write_text(
        "from sdk import pack_messages\n\n_ = pack_messages('wordy')\n\n"
        "def checkout(room):\n    return _('Guest of room %(room)s checks out today', room=room)\n"
    )
    return root, package


def _run(*args: str):
    return CliRunner().invoke(plugins_app, ["i18n", *args])


def _catalog(package, locale: str) -> dict[str, str]:
    with (package / "locale" / locale / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        return {m.id: m.string for m in read_po(fp, locale=locale) if m.id}


def test_extract_finds_template_code_and_message_factory_msgids(tmp_path):
    root, package = _pack(tmp_path)
    result = _run("extract", str(root))
    assert result.exit_code == 0, result.output
    with (package / "locale" / "messages.pot").open("rb") as fp:
        msgids = {m.id for m in read_po(fp) if m.id}
    assert {"Rooms", "Nightly rate", "Guest of room %(room)s checks out today"} <= msgids


def test_update_adds_new_msgids_and_lists_every_untranslated_one(tmp_path):
    root, package = _pack(tmp_path)
    result = _run("update", str(root))
    assert result.exit_code == 0, result.output
    for locale in ("zh_Hans", "zh_Hant"):
        for msgid in ("Rooms", "Nightly rate", "Guest of room %(room)s checks out today"):
            assert f"{locale}: untranslated {msgid!r}" in result.output
            assert _catalog(package, locale)[msgid] == ""
    assert _catalog(package, "en")["Nightly rate"] == "Nightly rate"
    existing = _catalog(package, "zh_Hans")
    assert any(existing.values()), "the scaffold's own translations are kept"


def test_compile_writes_mo_files_and_refuses_a_translation_with_a_misspelt_placeholder(tmp_path):
    root, package = _pack(tmp_path)
    assert _run("update", str(root)).exit_code == 0
    for locale, text in (("zh_Hans", "%(rooms)s 号房今天退房"), ("zh_Hant", "%(room)s 號房今天退房")):
        po = package / "locale" / locale / "LC_MESSAGES" / "messages.po"
        po.write_text(
            po.read_text().replace(
                'msgid "Guest of room %(room)s checks out today"\nmsgstr ""',
                f'msgid "Guest of room %(room)s checks out today"\nmsgstr "{text}"',
            )
        )
    result = _run("compile", str(root))
    assert result.exit_code == 1
    assert "zh_Hans: 'Guest of room %(room)s checks out today': unknown named placeholder 'rooms'" in (
        result.output
    )
    assert "zh_Hant: 'Guest" not in result.output
    assert all(
        (package / "locale" / loc / "LC_MESSAGES" / "messages.mo").is_file() for loc in ("en", "zh_Hant")
    )
