"""A pack uninstalled while tenants still have it enabled: reported as missing, nothing breaks."""

from __future__ import annotations

import json

from core.hookcaller import TenantHooks
from core.models import TenantPack
from core.packstate import enabled_packs, hooks_for


def _enable_ghost(uow, tenant) -> None:
    with uow(tenant) as session:
        session.add(TenantPack(tenant_id=tenant.id, pack="ghost-pack", pack_version="2.0"))


def test_missing_pack_is_ignored_by_hooks_and_the_api_keeps_working(make_tenant, uow, make_user,
                                                                     api_client, make_customer):
    tenant = make_tenant(packs=["equipment"])
    _enable_ghost(uow, tenant)
    with uow(tenant) as session:
        assert {"ghost-pack", "equipment"} <= enabled_packs(session, tenant)
        assert hooks_for(session, tenant).enabled == frozenset({"equipment"})
    customer = make_customer(tenant)
    client = api_client(make_user(tenant, "owner"))
    assert client.get(f"/api/v1/customers/{customer.id}").status_code == 200
    assert client.get("/api/v1/equipment/opportunities").status_code == 200
    assert TenantHooks(frozenset({"ghost-pack"})).enabled == frozenset()


def test_plugins_list_reports_the_missing_pack(make_tenant, uow, guanxi_database_url):
    import os
    import subprocess
    import sys

    tenant = make_tenant()
    _enable_ghost(uow, tenant)
    env = {**os.environ, "GUANXI_DATABASE_URL": guanxi_database_url}
    result = subprocess.run([sys.executable, "-m", "core.cli.main", "plugins", "list", "--json"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["ghost-pack"]["status"] == "missing"
    assert rows["retail"]["status"] == "installed"
