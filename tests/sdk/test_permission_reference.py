"""docs/permissions.md is generated from the authorization model and kept up to date by this test."""

from __future__ import annotations

from pathlib import Path

from core.auth.permissions import build_model
from core.packs.facade import Grants
from core.records import Permission, Role
from core.sdkdev.permref import CORE_PERMISSIONS, render, render_installed

ROOT = Path(__file__).resolve().parents[2]


def test_permission_reference_is_up_to_date(guanxi_registry):
    assert (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8") == render_installed(), (
        "docs/permissions.md is stale: run `python -m core.sdkdev.permref > docs/permissions.md`"
    )


def test_every_core_permission_is_described():
    model = build_model(Grants(permissions=[], roles=[]))
    held = {p for perms in model.roles.values() for p in perms}
    assert held - set(CORE_PERMISSIONS) == set(), "describe the new permission in core/sdkdev/permref.py"


def test_a_pack_role_and_permission_appear_with_their_holders():
    book = Permission("hotel:book", "Book stays", roles=("rep",))
    front_desk = Role("front-desk", "Front desk", ("hotel:book",))
    model = build_model(Grants(permissions=[book], roles=[front_desk]))
    text = render(model, {"hotel:book": ("hotel", "Book stays")})
    [row] = [line for line in text.splitlines() if line.startswith("| `hotel:book`")]
    header = next(line for line in text.splitlines() if line.startswith("| Permission"))
    columns = [c.strip() for c in header.strip("|").split("|")]
    cells = [c.strip() for c in row.strip("|").split("|")]
    holders = {columns[i] for i, cell in enumerate(cells) if cell == "✓"}
    assert holders == {"`rep`", "`front-desk`"}
    assert "Book stays (pack `hotel`)" in row
