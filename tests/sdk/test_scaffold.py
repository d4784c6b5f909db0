"""``guanxi plugins new``: names, the core revision a new pack depends on, refusal to overwrite, and
a scaffold whose own tests pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from freshvenv import clean_env
from typer.testing import CliRunner

from core.migrate import CORE_MIGRATIONS
from core.sdkdev.names import InvalidPackName, pack_names
from core.sdkdev.scaffold import PackSpec, ScaffoldError, core_head_revision, scaffold


def test_pack_names_follow_one_convention():
    names = pack_names("car-dealer")
    assert (names.distribution, names.package, names.table_prefix) == (
        "guanxi-car-dealer",
        "guanxi_car_dealer",
        "car_dealer_",
    )


@pytest.mark.parametrize("bad", ["Hotel", "hotel_", "1hotel", "car--dealer", "customers", ""])
def test_bad_pack_names_are_refused(bad):
    with pytest.raises(InvalidPackName):
        pack_names(bad)


def test_first_migration_depends_on_cores_current_head(tmp_path):
    scaffold(PackSpec("school"), tmp_path / "school")
    migration = next((tmp_path / "school").rglob("school_0001_initial.py")).read_text()
    script = ScriptDirectory(str(CORE_MIGRATIONS), version_locations=[str(CORE_MIGRATIONS / "versions")])
    assert f'depends_on: str | Sequence[str] | None = "{script.get_current_head()}"' in migration
    assert core_head_revision() == script.get_current_head()
    assert 'branch_labels: str | Sequence[str] | None = ("school",)' in migration


def test_scaffold_writes_every_part_of_a_pack(tmp_path):
    root = tmp_path / "car-dealer"
    written = {p.relative_to(root).as_posix() for p in scaffold(PackSpec("car-dealer", license="MIT"), root)}
    package = "src/guanxi_car_dealer"
    assert {
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "tests/test_car_dealer_pack.py",
        f"{package}/plugin.py",
        f"{package}/models.py",
        f"{package}/views.py",
        f"{package}/pages.py",
        f"{package}/templates/car-dealer/index.html",
        f"{package}/static/car-dealer.css",
        f"{package}/timeline.py",
        f"{package}/metrics.py",
        f"{package}/settings.py",
        f"{package}/jobs.py",
        f"{package}/notices.py",
        f"{package}/importing.py",
        f"{package}/demo.py",
        "tests/test_car_dealer_extensions.py",
        f"{package}/locale/zh_Hant/LC_MESSAGES/messages.po",
    } <= written
    assert 'car-dealer = "guanxi_car_dealer.plugin"' in (root / "pyproject.toml").read_text()
    assert (root / "LICENSE").read_text().startswith("MIT License")


def test_scaffold_refuses_a_non_empty_directory(tmp_path):
    (tmp_path / "hotel").mkdir()
    (tmp_path / "hotel" / "notes.txt").write_text("mine")
    with pytest.raises(ScaffoldError, match="not empty"):
        scaffold(PackSpec("hotel"), tmp_path / "hotel")


def test_plugins_new_command_writes_the_pack(tmp_path):
    from core.cli.plugins import app

    args = ["new", "hotel", "--dir", str(tmp_path / "h"), "--title-zh-hans", "酒店"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    catalog = tmp_path / "h/src/guanxi_hotel/locale/zh_Hans/LC_MESSAGES/messages.po"
    assert 'msgstr "酒店"' in catalog.read_text()


def _register_without_installing(site: Path, spec: PackSpec) -> Path:
    """What pip would leave for the entry point: a dist-info directory, without a new environment
    (tests/sdk/test_scaffold_install.py does the full install)."""
    names = pack_names(spec.slug)
    info = site / f"{names.package}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {names.distribution}\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(f"[guanxi.plugins]\n{spec.slug} = {names.package}.plugin\n")
    return site


def test_scaffolded_pack_passes_its_generated_tests(tmp_path):
    """The generated tests prove what the pack's records promise through ``sdk.records``: a stale
    If-Match is 412, a missing one 428, an illegal state change 409 naming the allowed states,
    state history with who and when, stable newest-first pages, and the three security walks."""
    spec = PackSpec("hostel", title_zh_hans="旅舍", title_zh_hant="旅舍")
    pack = tmp_path / "guanxi-hostel"
    scaffold(spec, pack)
    site = _register_without_installing(tmp_path / "site", spec)
    tested = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=pack,
        capture_output=True,
        text=True,
        timeout=600,
        env=clean_env(PYTHONPATH=f"{pack / 'src'}:{site}"),
    )
    assert tested.returncode == 0, tested.stdout[-4000:] + tested.stderr[-2000:]
    assert " passed" in tested.stdout and "failed" not in tested.stdout
