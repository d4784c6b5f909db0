"""Checks of a pack's pages and words: templates compile, every msgid is translated.

Msgids come from the pack's templates (``_()``/``gettext`` calls), from ``_()`` calls in its Python
code, and from the labels of the navigation items, customer panels and dashboard widgets it
contributes, which core translates when it renders them.
"""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, TemplateSyntaxError
from jinja2.ext import babel_extract

import core
from core.records import TemplateDir
from core.sdkdev.check.findings import Report

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
#: Record types whose positional argument N (or keyword) is an English msgid.
LABELLED = {"NavItem": (0, "label"), "CustomerPanel": (1, "title"), "DashboardWidget": (1, "title")}
TEMPLATE_SUFFIXES = {".html", ".htm", ".txt", ".xml", ".jinja", ".j2"}
REQUIRED_LOCALES = ("zh_Hans", "zh_Hant")
#: Core's templates, which pack pages extend (read as files: importing the web UI is not needed).
CORE_TEMPLATES = Path(core.__file__).parent / "web" / "templates"


def _templates(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.suffix in TEMPLATE_SUFFIXES and p.is_file())


def check_templates(report: Report, pack: str, dirs: list[TemplateDir]) -> set[str]:
    """Compile every template; return the msgids they use."""
    msgids: set[str] = set()
    paths = [d.path for d in dirs]
    env = Environment(
        loader=FileSystemLoader([str(CORE_TEMPLATES), *map(str, paths)]), extensions=["jinja2.ext.i18n"]
    )
    count, before = 0, len(report.failures)
    for directory in paths:
        for path in _templates(Path(directory)):
            count += 1
            name = path.relative_to(directory).as_posix()
            if not name.startswith(f"{pack}/"):
                report.fail(
                    "templates",
                    f"template '{name}' is outside templates/{pack}/ and may clash "
                    "with core's or another pack's",
                )
            source = path.read_text(encoding="utf-8")
            try:
                env.compile(source, name=name, filename=str(path))
            except TemplateSyntaxError as exc:
                report.fail("templates", f"template '{name}' line {exc.lineno}: {exc.message}")
                continue
            with path.open("rb") as fp:
                for _line, _func, message, _comments in babel_extract(fp, tuple(KEYWORDS), [], {}):
                    msgids |= _strings(message)
    if len(report.failures) == before:
        report.ok("templates", f"{count} template(s) compile")
    return msgids


def _strings(message: object) -> set[str]:
    if isinstance(message, str):
        return {message} if message else set()
    if isinstance(message, tuple | list):
        return {m for m in message if isinstance(m, str) and m}
    return set()


def _record_labels(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in LABELLED:
            continue
        position, keyword = LABELLED[name]
        values = [k.value for k in node.keywords if k.arg == keyword]
        if len(node.args) > position:
            values.append(node.args[position])
        found |= {v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return found


def code_msgids(package_dir: Path) -> set[str]:
    """Msgids in the pack's Python code: ``_()`` calls and record labels."""
    msgids: set[str] = set()
    for path in sorted(package_dir.rglob("*.py")):
        if "migrations" in path.relative_to(package_dir).parts:
            continue
        with path.open("rb") as fp:
            for _line, _func, message, _comments in extract_python(fp, KEYWORDS, [], {}):
                msgids |= _strings(message)
        msgids |= _record_labels(ast.parse(path.read_text(encoding="utf-8")))
    return msgids


def check_catalogs(report: Report, msgids: set[str], locale_dir: Path | None) -> None:
    """Every msgid has a non-fuzzy translation in each Chinese catalog."""
    if not msgids:
        report.ok("catalogs", "no translatable text")
        return
    if locale_dir is None:
        report.fail("catalogs", f"{len(msgids)} msgid(s) but no locale_dir in the pack's TemplateDir")
        return
    before = len(report.failures)
    for locale in ("en", *REQUIRED_LOCALES):
        po = Path(locale_dir) / locale / "LC_MESSAGES" / "messages.po"
        if not po.is_file():
            (report.warn if locale == "en" else report.fail)("catalogs", f"catalog {locale} is missing: {po}")
            continue
        try:
            with po.open("rb") as fp:
                catalog = read_po(fp, locale=locale)
        except Exception as exc:
            report.fail("catalogs", f"{locale}/LC_MESSAGES/messages.po cannot be read: {exc}")
            continue
        if locale == "en":
            continue
        done = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
        # every one, a line each: a vendor fixing five at a time would run the check forever
        for msgid in sorted(msgids - done):
            report.fail("catalogs", f"{locale}/LC_MESSAGES/messages.po: untranslated {msgid!r}")
    if len(report.failures) == before:
        report.ok("catalogs", f"{len(msgids)} msgid(s) translated in {', '.join(REQUIRED_LOCALES)}")
