"""The two hooks the API consumes: pack routers and pack permissions."""

from __future__ import annotations

from core.auth.permissions import EVERY_USER, build_model
from core.packs.facade import Grants
from core.records import Permission, Role


def test_guanxi_register_api_routers_mounts_each_pack_once_under_its_name(app):
    assert "apitest" in app.state.mounted_packs
    paths = [p for p in app.openapi()["paths"] if p.startswith("/api/v1/apitest/")]
    assert sorted(paths) == [
        "/api/v1/apitest/ping",
        "/api/v1/apitest/visits",
        "/api/v1/apitest/visits/{visit_id}",
    ]


def test_guanxi_register_permissions_adds_roles_and_grants_permissions():
    model = build_model(
        Grants(
            permissions=[Permission("fleet:dispatch", "Dispatch vans", roles=("manager", "dispatcher"))],
            roles=[Role("dispatcher", "Dispatcher", permissions=("customers:read",))],
        )
    )
    assert "fleet:dispatch" in model.permissions("manager")
    assert model.permissions("dispatcher") == {"customers:read", "fleet:dispatch", *EVERY_USER}
    assert "fleet:dispatch" not in model.permissions("rep")
    assert model.known_role("dispatcher") and not model.known_role("api:read")
