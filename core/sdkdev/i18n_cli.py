"""``guanxi plugins i18n extract|update|compile <pack>``: a pack's catalogs, kept with Babel's API.

The same msgids the conformance check looks for are extracted: ``_()``/``gettext`` in the
pack's templates and Python code (``sdk.pack_messages`` factories are conventionally named ``_``)
and the labels of its navigation items, panels and widgets.  ``update`` merges them into
``locale/<locale>/LC_MESSAGES/messages.po`` for en, zh_Hans and zh_Hant and lists every msgid
still untranslated; ``compile`` checks placeholders and writes ``messages.mo`` beside each.
Everything runs in-process through Babel's Python API, not ``pybabel`` in a subprocess.
"""

from __future__ import annotations

import copy
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from core.cli.context import console, err_console
from core.errors import GuanxiError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

app = typer.Typer(help="A pack's translation catalogs: extract msgids, update catalogs, compile them.")
LOCALES = ("en", "zh_Hans", "zh_Hant")
METHOD_MAP = [
    ("**/migrations/**", "ignore"),
    ("**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]
OPTIONS_MAP = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}, "templates/**.txt": {}}


class CatalogProblem(GuanxiError):
    """A catalog does not compile (a placeholder that does not match its msgid, a broken file)."""


@dataclass(frozen=True)
class PackCatalogs:
    name: str
    package_dir: Path

    @property
    def locale_dir(self) -> Path:
        return self.package_dir / "locale"

    @property
    def template(self) -> Path:
        return self.locale_dir / "messages.pot"

    def po(self, locale: str) -> Path:
        return self.locale_dir / locale / "LC_MESSAGES" / "messages.po"


def pack_catalogs(target: str) -> PackCatalogs:
    """The pack's package directory, from a source directory or an installed pack's name."""
    from core.sdkdev.check.source import PackNotFound, locate

    source = locate(target)
    if source.src is not None:
        package_dir = source.src / source.package_name
    else:
        spec = importlib.util.find_spec(source.package_name)
        if spec is None or not spec.submodule_search_locations:
            raise PackNotFound(f"package '{source.package_name}' of pack '{source.name}' cannot be found")
        package_dir = Path(next(iter(spec.submodule_search_locations)))
    return PackCatalogs(source.name, package_dir)


def extract(pack: PackCatalogs) -> Catalog:
    """Every msgid of the pack as a Babel catalog (``messages.pot``), with where it was found."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    from core.sdkdev.check.i18n import code_msgids

    catalog = Catalog(project=f"guanxi-{pack.name}", charset="utf-8")
    for filename, line, message, comments, context in extract_from_dir(
        str(pack.package_dir), METHOD_MAP, OPTIONS_MAP, keywords=DEFAULT_KEYWORDS
    ):
        catalog.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    for label in sorted(code_msgids(pack.package_dir)):  # record labels: NavItem, panels, widgets
        if label not in catalog:
            catalog.add(label, None, [("plugin records", 0)])
    return catalog


def _read(path: Path, locale: str) -> Catalog:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    if not path.is_file():
        return Catalog(locale=locale, charset="utf-8")
    with path.open("rb") as fp:
        return read_po(fp, locale=locale)


def _write(path: Path, catalog: Catalog) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fp:
        write_po(fp, catalog, width=100, sort_output=True, ignore_obsolete=True)


def untranslated(catalog: Catalog) -> list[str]:
    return sorted(str(m.id) for m in catalog if m.id and (not m.string or m.fuzzy))


def update(pack: PackCatalogs) -> dict[str, list[str]]:
    """Merge the extracted msgids into each locale's catalog; the untranslated msgids by locale.

    English msgids are their own translation, so the ``en`` catalog is filled in as it goes.
    """
    template = extract(pack)
    missing: dict[str, list[str]] = {}
    for locale in LOCALES:
        catalog = _read(pack.po(locale), locale)
        # a copy each: Babel adds the template's message objects themselves to the catalog
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
        if locale == "en":
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        _write(pack.po(locale), catalog)
        missing[locale] = untranslated(catalog)
    return missing


def compile_catalogs(pack: PackCatalogs) -> tuple[dict[str, list[str]], list[str]]:
    """Write ``messages.mo`` for each locale; (untranslated by locale, errors)."""
    from babel.messages.mofile import write_mo

    missing: dict[str, list[str]] = {}
    errors: list[str] = []
    for locale in LOCALES:
        po = pack.po(locale)
        if not po.is_file():
            errors.append(f"{locale}: {po.relative_to(pack.package_dir)} is missing")
            continue
        catalog = _read(po, locale)
        for message, problems in catalog.check():
            errors += [f"{locale}: {message.id!r}: {problem}" for problem in problems]
        with po.with_suffix(".mo").open("wb") as fp:
            write_mo(fp, catalog)
        missing[locale] = untranslated(catalog)
    return missing, errors


def _print_missing(missing: dict[str, list[str]]) -> None:
    for locale, msgids in missing.items():
        if locale == "en":
            continue
        for msgid in msgids:  # all of them: a list cut short hides work
            err_console.print(f"{locale}: untranslated {msgid!r}", highlight=False, markup=False)
        console.print(f"{locale}: {len(msgids)} untranslated", highlight=False, markup=False)


Target = typer.Argument(..., help="A pack's source directory, or an installed pack's name.")


@app.command("extract")
def extract_command(target: str = Target) -> None:
    """Write locale/messages.pot with every msgid of the pack's templates and code."""
    from babel.messages.pofile import write_po

    pack = pack_catalogs(target)
    catalog = extract(pack)
    pack.template.parent.mkdir(parents=True, exist_ok=True)
    with pack.template.open("wb") as fp:
        write_po(fp, catalog, width=100, sort_output=True)
    console.print(f"{pack.name}: {len(catalog)} msgid(s) in {pack.template}", highlight=False, markup=False)


@app.command("update")
def update_command(target: str = Target) -> None:
    """Merge new msgids into the en, zh_Hans and zh_Hant catalogs; list every untranslated one."""
    pack = pack_catalogs(target)
    _print_missing(update(pack))


@app.command("compile")
def compile_command(target: str = Target) -> None:
    """Check each catalog and write messages.mo; fails when a translation does not fit its msgid."""
    pack = pack_catalogs(target)
    missing, errors = compile_catalogs(pack)
    for error in errors:
        err_console.print(error, highlight=False, markup=False)
    _print_missing(missing)
    if errors:
        raise CatalogProblem(f"{pack.name}: {len(errors)} catalog problem(s)")
