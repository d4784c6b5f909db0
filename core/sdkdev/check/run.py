"""Run every conformance check on one pack, in the order a vendor would fix them."""

from __future__ import annotations

from pathlib import Path

from core.packs.facade import StartupHooks
from core.sdkdev.check import i18n, loading, schema, titles
from core.sdkdev.check.findings import Report
from core.sdkdev.check.isolation import imported_from
from core.sdkdev.check.source import PackSource, locate
from core.sdkdev.check.walks import check_walks


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


def check_pack(target: str, *, walks: bool = True) -> Report:
    """Check a pack given by source directory (that directory's code) or installed name.

    ``walks=False`` leaves out the security walks (a scratch database and a request per route and
    caller: most of the check's time), for checks that only look at the pack's shape.
    """
    source = locate(target)
    if source.src is None:
        return _check(source, walks)
    with imported_from(source.src, source.package_name):
        return _check(source, walks)


def _check(source: PackSource, walks: bool) -> Report:
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
    if schema.check_branch(report, registry, pack) and schema.check_upgrade(report, registry, pack) and walks:
        check_walks(report, registry, pack)
    dirs = StartupHooks(registry).template_dirs_by_pack(tolerant=False).get(pack.name, [])
    msgids = i18n.check_templates(report, pack.name, dirs) | i18n.code_msgids(package_dir)
    locale_dir = next((Path(d.locale_dir) for d in dirs if d.locale_dir), None)
    if locale_dir is None and (package_dir / "locale").is_dir():
        locale_dir = package_dir / "locale"
    i18n.check_catalogs(report, msgids, locale_dir)
    titles.check_titles(report, registry, pack)
    titles.check_jobs(report, registry, pack)
    return report
