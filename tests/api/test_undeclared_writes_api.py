"""A pack's write route that declares no permission is never open: it is refused to every caller,
and loading the pack says so in the log; everything else of the pack keeps working."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from core.api.app import create_app
from core.packs.loader import get_registry

PACK = "undeclared"


@pytest.fixture
def pack_app(use_packs: Any, guanxi_engine: Any, caplog: pytest.LogCaptureFixture) -> Iterator[Any]:
    from fakepacks import undeclared_writes

    use_packs((PACK, "undeclared_writes"))
    undeclared_writes.CALLS.clear()
    with caplog.at_level(logging.ERROR, logger="guanxi.api"):
        app = create_app(engine=guanxi_engine, registry=get_registry())
    yield app, undeclared_writes.CALLS
    undeclared_writes.CALLS.clear()


@pytest.fixture
def owner(pack_app: Any, make_tenant: Any, make_user: Any) -> Iterator[Any]:
    """A client of the pack's app signed in as the owner of a tenant that enabled the pack."""
    from fastapi.testclient import TestClient

    from core.auth.tokens import issue_access_token

    token, _lifetime = issue_access_token(user=make_user(make_tenant(packs=[PACK]), role="owner"))
    with TestClient(pack_app[0], raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


def test_pack_write_route_without_a_permission_is_refused_even_to_the_owner(pack_app, owner):
    _app, calls = pack_app
    answer = owner.post(f"/api/v1/{PACK}/notes")
    assert answer.status_code == 403, answer.text
    assert "declares no permission" in answer.text
    assert calls == []  # refused before the handler ran


def test_a_check_inside_the_handler_does_not_count_as_a_declared_permission(pack_app, owner):
    _app, calls = pack_app
    assert owner.delete(f"/api/v1/{PACK}/notes").status_code == 403
    assert calls == []


def test_the_rest_of_a_pack_with_an_undeclared_write_keeps_working(pack_app, owner):
    _app, calls = pack_app
    assert owner.get(f"/api/v1/{PACK}/notes").status_code == 200
    assert owner.post(f"/api/v1/{PACK}/stamps").status_code == 201
    assert owner.put(f"/api/v1/{PACK}/signed/seal").status_code == 200  # declared on its router
    assert calls == ["list_notes", "add_stamp", "seal"]


def test_a_handler_serving_a_read_and_a_write_is_refused_only_for_the_write(pack_app, owner):
    _app, calls = pack_app
    assert owner.get(f"/api/v1/{PACK}/both").status_code == 200
    assert owner.post(f"/api/v1/{PACK}/both").status_code == 403
    assert calls == ["both"]


def test_loading_a_pack_with_undeclared_writes_logs_each_route(pack_app, caplog):
    errors = [r.getMessage() for r in caplog.get_records("setup") if r.levelno == logging.ERROR]
    named = {(m.split()[2], m.split()[3]) for m in errors if m.startswith(f"pack '{PACK}'")}
    assert named == {
        ("POST", f"/api/v1/{PACK}/notes"),
        ("DELETE", f"/api/v1/{PACK}/notes"),
        ("POST", f"/api/v1/{PACK}/both"),
    }
