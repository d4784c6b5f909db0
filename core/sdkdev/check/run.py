"""Run every conformance check on one pack, in the order a vendor would fix them."""

from __future__ import annotations

from pathlib import Path

from core.packs.facade import StartupHooks
from core.sdkdev.check import i18n, loading, schema
from core.sdkdev.check.findings import Report
from core.sdkdev.check.isolation import imported_from
from core.sdkdev.check.source import PackSource, locate


def check_tests(report: Report, source: PackSource) -> None:
    if source.project_dir is None:
        report.fail(
            "tests",
            "the pack's source tree is unknown (not installed from a directory); "
            "check it by path to look for its tests",
        )
        return
    tests = sorted((source.project_dir / "tests").rglob("test_*.py"))
    if tests:
        report.ok("tests", f"{len(tests)} test module(s) under tests/")
    else:
        report.fail("tests", f"no tests: add tests/test_*.py to {source.project_dir.name}")


def check_pack(target: str) -> Report:
    """Check a pack given by source directory (that directory's code) or installed name."""
    source = locate(target)
    if source.src is None:
        return _check(source)
    with imported_from(source.src, source.package_name):
        return _check(source)


def _check(source: PackSource) -> Report:
    report = Report(source.name)
    package_dir = loading.check_entry_point(report, source)
    loading.check_project_metadata(report, source)
    if package_dir is None:
        return report
    tests_dir = source.project_dir / "tests" if source.project_dir else None
    loading.check_imports(report, package_dir, tests_dir if tests_dir and tests_dir.is_dir() else None)
    registry, pack = loading.load(report, source)
    check_tests(report, source)
    if pack is None:
        return report
    loading.check_pack_info(report, pack)
    if schema.check_branch(report, registry, pack):
        schema.check_upgrade(report, registry, pack)
    dirs = StartupHooks(registry).template_dirs_by_pack(tolerant=False).get(pack.name, [])
    msgids = i18n.check_templates(report, pack.name, dirs) | i18n.code_msgids(package_dir)
    locale_dir = next((Path(d.locale_dir) for d in dirs if d.locale_dir), None)
    if locale_dir is None and (package_dir / "locale").is_dir():
        locale_dir = package_dir / "locale"
    i18n.check_catalogs(report, msgids, locale_dir)
    return report
