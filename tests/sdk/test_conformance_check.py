"""``guanxi plugins check``: the bundled packs and a fresh scaffold pass; broken packs fail with a
line that names the hook, file or table at fault, and a non-zero exit."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import badpacks
import pytest
from freshvenv import REPO_ROOT
from sqlmodel import SQLModel
from typer.testing import CliRunner

from core.cli.main import main
from core.cli.plugins import app as plugins_app
from core.sdkdev.check import check_pack

BUNDLED = ["retail", "pharma-sales", "equipment", "appliance-repair"]


def _check(target: Path | str) -> tuple[int, dict]:
    """``guanxi plugins check <target> --json``: the pack's modules and tables are forgotten after."""
    result = CliRunner().invoke(plugins_app, ["check", str(target), "--json"])
    return result.exit_code, json.loads(result.stdout)


def _failures(report: dict | object) -> list[str]:
    if not isinstance(report, dict):
        report = report.as_dict()  # type: ignore[attr-defined]
    return [f"{f['check']}: {f['message']}" for f in report["findings"] if f["level"] == "fail"]


@pytest.mark.parametrize("pack", BUNDLED)
def test_bundled_packs_pass_the_conformance_check(pack):
    report = check_pack(pack, walks=False)  # the suite's own walks cover every bundled route
    assert report.passed, [f.line() for f in report.failures]
    checks = {f.check for f in report.findings}
    assert {
        "entry-point",
        "metadata",
        "hooks",
        "imports",
        "migrations",
        "tables",
        "drift",
        "templates",
        "catalogs",
        "tests",
    } <= checks


def test_fresh_scaffold_passes_the_check_before_it_is_installed(tmp_path):
    code, report = _check(badpacks.good_pack(tmp_path / "pack", "goodstay"))
    assert code == 0, _failures(report)
    assert report["passed"] and report["pack"] == "goodstay"
    [walks] = [f["message"] for f in report["findings"] if f["check"] == "walks"]
    assert "cross-tenant" in walks and "cross-rep" in walks and "read-only" in walks


def test_check_walks_find_a_list_that_forgets_the_record_rules(tmp_path, check_by_path):
    report = check_by_path(badpacks.list_without_record_rules(tmp_path / "pack"), walks=True)
    assert not report.passed
    lines = [f for f in _failures(report) if f.startswith("walks:")]
    assert any(f.startswith("walks: cross-rep") and "/api/v1/badrules/entries" in f for f in lines), lines
    assert not any(f.startswith("walks: cross-tenant") for f in lines), lines


def test_failing_check_exits_non_zero_with_json_findings(tmp_path):
    code, report = _check(badpacks.table_without_tenant(tmp_path / "pack"))
    assert code == 1
    assert not report["passed"] and any(f["level"] == "fail" for f in report["findings"])


def test_check_names_the_hook_with_a_wrong_argument(tmp_path, check_by_path):
    report = check_by_path(badpacks.wrong_hook_argument(tmp_path / "pack"))
    assert not report.passed
    [line] = [f for f in _failures(report) if f.startswith("hooks:")]
    assert "guanxi_register_nav_items" in line and "room_number" in line


def test_check_names_the_migration_outside_the_pack_branch(tmp_path, check_by_path):
    report = check_by_path(badpacks.migration_outside_branch(tmp_path / "pack"))
    assert not report.passed
    lines = [f for f in _failures(report) if f.startswith("migrations:")]
    assert any("badbranch_0002_rooms.py" in f and "outside the 'badbranch' branch" in f for f in lines), lines


def test_check_names_the_table_without_a_tenant_key(tmp_path, check_by_path):
    report = check_by_path(badpacks.table_without_tenant(tmp_path / "pack"))
    assert not report.passed
    assert _failures(report) == [
        "tables: table 'badtenant_rates' has no tenant_id column: pack tables are tenant-owned"
    ]


def test_check_names_a_model_column_no_migration_adds(tmp_path, check_by_path):
    report = check_by_path(badpacks.model_ahead_of_migrations(tmp_path / "pack"))
    assert not report.passed
    lines = [f for f in _failures(report) if f.startswith("drift:")]
    assert any("baddrift_entries.room_count" in f and "add_column" in f for f in lines), lines


def test_check_names_broken_templates_and_untranslated_msgids(tmp_path, check_by_path):
    report = check_by_path(badpacks.untranslated_and_broken_template(tmp_path / "pack"))
    assert not report.passed
    failures = _failures(report)
    assert any(f.startswith("templates: template 'badwords/rooms.html' line 4") for f in failures), failures
    catalogs = [f for f in failures if f.startswith("catalogs:")]
    assert len(catalogs) == 2 and all("'Nightly rate'" in f for f in catalogs), catalogs


def test_check_names_core_imports_and_missing_tests(tmp_path, check_by_path):
    report = check_by_path(badpacks.core_import_without_tests(tmp_path / "pack"))
    assert not report.passed
    failures = _failures(report)
    assert any("service.py:1: imports 'core.customers.service'" in f for f in failures), failures
    assert any(f.startswith("tests: no tests") for f in failures), failures


def test_check_of_an_unknown_pack_says_so_in_one_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["guanxi", "plugins", "check", "no-such-pack"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    stderr = capsys.readouterr().err
    assert "neither a pack directory nor an installed pack" in stderr
    assert "Traceback" not in stderr


def _copy_of_installed(tmp_path: Path, pack: str = "equipment") -> Path:
    copy = tmp_path / pack
    shutil.copytree(REPO_ROOT / "plugins" / pack, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path.name} no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1))


def _wrong_hook_argument(package: Path) -> None:
    plugin = package / "plugin.py"
    plugin.write_text(
        plugin.read_text()
        + "\n\nfrom sdk import hookimpl\n\n\n@hookimpl\n"
        + "def guanxi_on_customer_created(session, tenant, customer, room_number):\n    pass\n"
    )


def _empty_description(package: Path) -> None:
    _edit(
        package / "pack.toml",
        'description = "An opportunity pipeline for machinery and equipment sellers."',
        'description = ""',
    )


def _core_import(package: Path) -> None:
    service = package / "service.py"
    service.write_text("from core.customers.service import get_customer\n" + service.read_text())


def _table_without_tenant(package: Path) -> None:
    versions = package / "migrations" / "versions"
    head = sorted(versions.glob("equipment_*.py"))[-1].name[: len("equipment_0000")]
    (versions / "equipment_9999_rates.py").write_text(
        '"""rates"""\nimport sqlalchemy as sa\nfrom alembic import op\n\nrevision = "equipment_9999"\n'
        f'down_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n\n\n'
        'def upgrade():\n    op.create_table("equipment_rates", sa.Column("id", sa.Integer(), '
        'primary_key=True))\n\n\ndef downgrade():\n    op.drop_table("equipment_rates")\n'
    )


@pytest.mark.parametrize(
    ("defect", "expected"),
    [
        (_wrong_hook_argument, "hooks: "),
        (_empty_description, "metadata: guanxi_register_pack: PackInfo.description is empty"),
        (_core_import, "imports: "),
        (_table_without_tenant, "tables: table 'equipment_rates' has no tenant_id column"),
    ],
)
def test_check_of_a_directory_reports_its_defects_even_when_the_pack_is_installed(
    tmp_path, guanxi_registry, defect, expected
):
    installed = sys.modules["guanxi_equipment.plugin"]
    tables = set(SQLModel.metadata.tables)
    copy = _copy_of_installed(tmp_path)
    defect(copy / "src" / "guanxi_equipment")
    report = check_pack(str(copy), walks=False)
    assert not report.passed and any(f.startswith(expected) for f in _failures(report)), _failures(report)
    assert sys.modules["guanxi_equipment.plugin"] is installed, "the installed pack is put back"
    assert set(SQLModel.metadata.tables) == tables


def test_plugins_check_command_names_the_directory_copys_defect(tmp_path, guanxi_registry):
    copy = _copy_of_installed(tmp_path)
    _empty_description(copy / "src" / "guanxi_equipment")
    result = CliRunner().invoke(plugins_app, ["check", str(copy), "--no-walks"])
    assert result.exit_code == 1 and "PackInfo.description is empty" in result.output, result.output
    assert "passes" not in result.output


def test_check_requires_three_language_titles_and_sound_jobs(tmp_path, check_by_path):
    report = check_by_path(badpacks.untitled_records(tmp_path / "pack"))
    failures = [f for f in _failures(report) if f.startswith(("titles:", "jobs:"))]
    assert sorted(failures) == sorted(
        [
            "titles: Metric 'badtitles_occupancy' has no title in zh_Hans, zh_Hant",
            "titles: ReminderRule 'badtitles-checkout' has no title in en, zh_Hant",
            "titles: setting 'rooms' has no title in en, zh_Hans, zh_Hant",
            "jobs: job 'cleanup' is not named 'badtitles.<job>'; names are shared by all packs",
            "jobs: job 'cleanup': schedule '61 * * *' is not a valid cron line",
        ]
    )


def test_check_lists_every_untranslated_msgid_not_the_first_five(tmp_path, check_by_path):
    report = check_by_path(badpacks.many_untranslated(tmp_path / "pack", 12))
    catalogs = [f for f in _failures(report) if f.startswith("catalogs:")]
    for locale in ("zh_Hans", "zh_Hant"):
        listed = [f for f in catalogs if f"{locale}/LC_MESSAGES" in f]
        assert sorted(listed) == sorted(
            f"catalogs: {locale}/LC_MESSAGES/messages.po: untranslated 'Room type {n}'" for n in range(12)
        )


def test_bundled_packs_pass_the_title_and_job_checks():
    for pack in BUNDLED:
        checks = {f.check: f.level for f in check_pack(pack).findings if f.check in ("titles", "jobs")}
        assert checks == {"titles": "pass", "jobs": "pass"}, pack
