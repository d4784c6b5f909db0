"""A pack uninstalled while tenants still have it enabled: reported as missing, nothing breaks."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from core.cli.main import build_cli
from core.models import TenantPack
from core.packs.facade import TenantHooks
from core.packs.state import enabled_packs, hooks_for


def _enable_ghost(uow, tenant) -> None:
    with uow(tenant) as session:
        session.add(TenantPack(tenant_id=tenant.id, pack="ghost-pack", pack_version="2.0"))


def test_missing_pack_is_ignored_by_hooks_and_the_api_keeps_working(
    make_tenant, uow, make_user, api_client, make_customer, guanxi_registry
):
    tenant = make_tenant(packs=["equipment"])
    _enable_ghost(uow, tenant)
    with uow(tenant) as session:
        assert {"ghost-pack", "equipment"} <= enabled_packs(session, tenant)
        assert hooks_for(session, tenant).enabled == frozenset({"equipment"})
    customer = make_customer(tenant)
    client = api_client(make_user(tenant, "owner"))
    assert client.get(f"/api/v1/customers/{customer.id}").status_code == 200
    assert client.get("/api/v1/equipment/opportunities").status_code == 200
    assert TenantHooks(guanxi_registry, frozenset({"ghost-pack"})).enabled == frozenset()


def test_plugins_list_reports_the_missing_pack(make_tenant, uow, guanxi_registry):
    tenant = make_tenant()
    _enable_ghost(uow, tenant)
    result = CliRunner().invoke(build_cli(), ["plugins", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["ghost-pack"]["status"] == "missing"
    assert rows["retail"]["status"] == "installed"
