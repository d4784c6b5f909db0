"""Checks of a pack as the host loads it: entry point, metadata, hook implementations, imports.

Loading reuses :func:`core.packs.loader.load_packs`, so the check rejects exactly what the host rejects.
"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path

import importlib_metadata

from core.packs.loader import ENTRY_POINT_GROUP, load_packs
from core.packs.registry import LoadedPack, PackRegistry
from core.sdkdev.check.findings import Report
from core.sdkdev.check.isolation import imported_elsewhere
from core.sdkdev.check.source import PackSource
from core.sdkdev.imports import core_imports
from core.sdkdev.names import InvalidPackName, pack_names

ZH_LOCALES = ("zh_Hans", "zh_Hant")


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def check_entry_point(report: Report, source: PackSource) -> Path | None:
    """The entry point imports; return the directory of the pack's import package."""
    try:
        source.entry_point.load()
        package = importlib.import_module(source.package_name)
    except Exception as exc:
        report.fail(
            "entry-point",
            f"'{source.name} = {source.entry_point.value}' does not import: "
            f"{type(exc).__name__}: {_one_line(exc)}",
        )
        return None
    elsewhere = imported_elsewhere(package, source.src) if source.src else None
    if elsewhere is not None:
        report.fail(
            "entry-point",
            f"'{source.package_name}' was imported from {elsewhere}, not from "
            f"{source.src}; the check would judge another copy",
        )
        return None
    report.ok("entry-point", f"'{source.name} = {source.entry_point.value}' resolves")
    return Path(package.__file__).parent if package.__file__ else None


def check_project_metadata(report: Report, source: PackSource) -> None:
    """pyproject.toml names the pack consistently and says what users need to know."""
    try:
        names = pack_names(source.name)
    except InvalidPackName as exc:
        report.fail("metadata", f"entry point name: {exc}")
        return
    if source.package_name != names.package:
        report.fail(
            "metadata",
            f"entry point '{source.name}' points into package '{source.package_name}'"
            f"; expected '{names.package}'",
        )
    if source.pyproject is None:
        report.warn("metadata", "no source tree found: pyproject.toml not checked")
        return
    project = source.pyproject.get("project", {})
    where = "pyproject.toml"
    if project.get("name") != names.distribution:
        report.fail(
            "metadata", f"{where}: project.name is '{project.get('name')}', expected '{names.distribution}'"
        )
    for key in ("version", "description", "license", "readme", "requires-python"):
        if not project.get(key):
            report.fail("metadata", f"{where}: project.{key} is missing")
    readme = project.get("readme")
    if isinstance(readme, str) and source.project_dir and not (source.project_dir / readme).is_file():
        report.fail("metadata", f"{where}: readme '{readme}' does not exist")
    requirements = [str(dep).split(";")[0].strip() for dep in project.get("dependencies", [])]
    if not any(req.startswith("guanxi") for req in requirements):
        report.fail("metadata", f"{where}: project.dependencies does not require 'guanxi'")
    licences = ("LICENSE", "LICENSE.txt", "LICENSE.md")
    if source.project_dir and not any((source.project_dir / n).is_file() for n in licences):
        report.fail("metadata", "LICENSE file is missing")


def load(report: Report, source: PackSource) -> tuple[PackRegistry, LoadedPack | None]:
    """Load the pack with the other installed packs (its dependencies may be among them)."""
    others = [ep for ep in importlib_metadata.entry_points(group=ENTRY_POINT_GROUP) if ep.name != source.name]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        registry = load_packs([*others, source.entry_point])
    for warning in caught:
        if issubclass(warning.category, DeprecationWarning) and f"'{source.name}'" in str(warning.message):
            report.warn("deprecated", str(warning.message))
    problems = [p for p in registry.problems if p.pack == source.name]
    for problem in problems:
        report.fail("hooks", _one_line(problem.message))
    pack = registry.packs.get(source.name)
    if pack is None:
        if not problems:
            report.fail("hooks", "the pack was not loaded")
        return registry, None
    impls = sorted(hc.name for hc in registry.pm.get_hookcallers(pack.plugin) or [])
    report.ok("hooks", f"{len(impls)} hook implementation(s) match their specs: {', '.join(impls)}")
    return registry, pack


def check_pack_info(report: Report, pack: LoadedPack) -> None:
    info = pack.info
    before = len(report.failures)
    if not info.description:
        report.fail("metadata", "guanxi_register_pack: PackInfo.description is empty")
    missing = [loc for loc in ZH_LOCALES if not info.titles.get(loc)]
    if missing:
        report.fail("metadata", f"guanxi_register_pack: PackInfo.titles lacks {', '.join(missing)}")
    if len(report.failures) == before:
        report.ok("metadata", f"{info.name} {info.version} '{info.title}', core API {info.core_api}")


def check_imports(report: Report, package_dir: Path, tests_dir: Path | None = None) -> None:
    """Packs (and their tests) import Guanxi through ``sdk`` only: core's internals change without
    notice."""
    found = core_imports(package_dir) + (core_imports(tests_dir) if tests_dir else [])
    for path, line, module in found:
        report.fail(
            "imports",
            f"{path.parent.name}/{path.name}:{line}: imports '{module}'; use the 'sdk' package instead",
        )
    if not found:
        report.ok("imports", "imports Guanxi through 'sdk' only")
