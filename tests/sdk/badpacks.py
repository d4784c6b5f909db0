"""Broken packs for the conformance check, made from the scaffold and broken one way each.

Each slug is distinct, so the check (run in a subprocess) imports a package nobody else has.
"""

from __future__ import annotations

from pathlib import Path

from core.sdkdev.scaffold import PackSpec, core_head_revision, scaffold


def _package(root: Path, slug: str) -> Path:
    return root / "src" / f"guanxi_{slug.replace('-', '_')}"


def good_pack(root: Path, slug: str) -> Path:
    scaffold(PackSpec(slug, title_zh_hans="测试", title_zh_hant="測試"), root)
    return root


def wrong_hook_argument(root: Path) -> Path:
    """``guanxi_register_nav_items``, written by hand instead of declared, asks for
    ``room_number``, which the spec does not offer."""
    good_pack(root, "badhook")
    package = _package(root, "badhook")
    manifest = package / "pack.toml"
    declared = 'nav_items = [{ label = "Badhook", href = "/badhook/", order = 60 }]\n'
    text = manifest.read_text()
    assert declared in text, "the scaffold no longer declares its nav item"
    manifest.write_text(text.replace(declared, ""))
    plugin = package / "plugin.py"
    plugin.write_text(
        plugin.read_text().replace("from sdk import ", "from sdk import NavItem, hookimpl, ")
        + "\n\n@hookimpl\ndef guanxi_register_nav_items(tenant, room_number):\n"
        '    return [NavItem("Badhook", "/badhook/", order=60)]\n'
    )
    return root


def migration_outside_branch(root: Path) -> Path:
    """A second revision that revises core's head instead of the pack's own first revision."""
    good_pack(root, "badbranch")
    versions = _package(root, "badbranch") / "migrations" / "versions"
    (versions / "badbranch_0002_rooms.py").write_text(f'''"""rooms, wrongly stacked on core"""

import sqlalchemy as sa
from alembic import op

revision = "badbranch_0002"
down_revision = "{core_head_revision()}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("badbranch_rooms", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("badbranch_rooms")
''')
    return root


def table_without_tenant(root: Path) -> Path:
    """A second table with no ``tenant_id``: rows nobody owns, visible to every tenant."""
    good_pack(root, "badtenant")
    versions = _package(root, "badtenant") / "migrations" / "versions"
    (versions / "badtenant_0002_rates.py").write_text('''"""rates without a tenant"""

import sqlalchemy as sa
from alembic import op

revision = "badtenant_0002"
down_revision = "badtenant_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("badtenant_rates", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("price", sa.Numeric(10, 2)))


def downgrade() -> None:
    op.drop_table("badtenant_rates")
''')
    return root


def untranslated_and_broken_template(root: Path) -> Path:
    """A page with a syntax error and a new msgid missing from the Chinese catalogs."""
    good_pack(root, "badwords")
    templates = _package(root, "badwords") / "templates" / "badwords"
    (templates / "rooms.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n'
        '<h1>{{ _("Rooms") }}</h1>\n{% if %}\n{% endblock %}\n'
    )
    (templates / "rates.html").write_text('<p>{{ _("Nightly rate") }}</p>\n')
    return root


def core_import_without_tests(root: Path) -> Path:
    """Imports core's internals and ships no tests."""
    good_pack(root, "badimport")
    service = _package(root, "badimport") / "service.py"
    service.write_text(
        "from core.customers.service import get_customer  # noqa: F401\n" + service.read_text()
    )
    for test in (root / "tests").glob("test_*.py"):
        test.unlink()
    return root


def model_ahead_of_migrations(root: Path) -> Path:
    """The model gained a column that no migration adds: fine in tests, broken on a real database."""
    good_pack(root, "baddrift")
    models = _package(root, "baddrift") / "models.py"
    text = models.read_text()
    marker = "    title: str = Field(max_length=200)\n"
    assert marker in text, "the scaffold's entry model changed; update this bad pack"
    models.write_text(text.replace(marker, marker + "    room_count: int = Field(default=0)\n", 1))
    return root


def list_without_record_rules(root: Path) -> Path:
    """The entries list forgets ``visible_to``: a rep reads the entries of every rep's customers."""
    good_pack(root, "badrules")
    service = _package(root, "badrules") / "service.py"
    text = service.read_text()
    rule = "query.where(visible_to(caller, BadrulesEntry.customer_id))"
    assert rule in text, "the scaffold's entries query changed; update this bad pack"
    service.write_text(text.replace(rule, "query", 1))
    return root


def untitled_records(root: Path) -> Path:
    """A metric, a reminder rule and a setting without all three titles, and a job with a name
    outside the pack and a cron line with minute 61."""
    good_pack(root, "badtitles")
    package = _package(root, "badtitles")
    manifest = package / "pack.toml"
    text = manifest.read_text()
    declared = (
        'metrics = ".metrics:metrics"\n',
        'settings = ".settings:SETTINGS"\n',
        'jobs = ".jobs:jobs"\n',
    )
    for line in declared:  # written by hand below instead: a hook both declared and written is refused
        assert line in text, f"the scaffold no longer declares {line.strip()}"
        text = text.replace(line, "")
    manifest.write_text(text)
    plugin = package / "plugin.py"
    plugin.write_text(
        plugin.read_text()
        + """

from pydantic import BaseModel
from sdk import Job, Metric, PackSettings, ReminderRule, hookimpl


class HotelSettings(BaseModel):
    rooms: int = 10


@hookimpl
def guanxi_register_metrics(tenant):
    return [Metric("badtitles_occupancy", "Occupancy", lambda **kw: None)]


@hookimpl
def guanxi_register_reminder_rules(tenant):
    return [ReminderRule("badtitles-checkout", "", lambda **kw: [], titles={"zh_Hans": "退房"})]


@hookimpl
def guanxi_register_settings():
    return PackSettings(HotelSettings, title="Hotel", titles={"zh_Hans": "酒店", "zh_Hant": "酒店"})


@hookimpl
def guanxi_register_jobs():
    return [Job("cleanup", lambda ctx: None, schedule="61 * * *", title="Cleanup",
                titles={"zh_Hans": "清理", "zh_Hant": "清理"})]
"""
    )
    return root


def many_untranslated(root: Path, count: int) -> Path:
    """A page with ``count`` new msgids, none of them in the Chinese catalogs."""
    good_pack(root, "badmany")
    templates = _package(root, "badmany") / "templates" / "badmany"
    words = "".join(f'<p>{{{{ _("Room type {n}") }}}}</p>\n' for n in range(count))
    (templates / "types.html").write_text(words)
    return root
