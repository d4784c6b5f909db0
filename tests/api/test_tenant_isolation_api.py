"""Tenant isolation over HTTP, checked on every route in the app's route table.

New routes, packs' included, are covered without editing this test: tenant A gets records (seeded,
and created through every POST route whose body can be built from its schema), then tenant B's
owner calls every route that takes a record id with A's ids and must get 404, and every list route
must show B none of A's rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi.routing import APIRoute

from core.plugins import get_registry

MARKER = "ISOLATION-MARKER-甲"
SKIP_PREFIXES = ("/api/v1/auth", "/api/v1/operator")  # no tenant, or cross-tenant by design
NOT_RECORD_IDS = {"pack", "slug"}
PARAM = re.compile(r"{(\w+)}")


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        return _resolve(next(s for s in schema["anyOf"] if s.get("type") != "null"), spec)
    return schema


def _minimal(schema: dict[str, Any], spec: dict[str, Any], ids: dict[str, int], name: str = "") -> Any:
    schema = _resolve(schema, spec)
    if schema.get("examples"):
        value = schema["examples"][0]
    elif "enum" in schema:
        return schema["enum"][0]
    elif schema.get("type") == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {key: _minimal(sub, spec, ids, key) for key, sub in props.items()
                if key in schema.get("required", [])}
    elif schema.get("type") == "integer":
        return ids.get(name, ids["customer_id"]) if name.endswith("_id") else 1
    elif schema.get("type") == "number":
        return 1
    elif schema.get("type") == "boolean":
        return False
    elif schema.get("type") == "array":
        return []
    else:
        return f"{MARKER}-{name}"[: schema.get("maxLength", 100)]
    if isinstance(value, dict):  # point ids in examples at A's records
        value = {k: ids.get(k, ids["customer_id"]) if k.endswith("_id") and isinstance(v, int) else v
                 for k, v in value.items()}
    return value


def _body(route: Route, method: str, spec: dict[str, Any], ids: dict[str, int]) -> Any:
    operation = spec["paths"][route.path][method.lower()]
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return _minimal(content["application/json"]["schema"], spec, ids)


def _singular(segment: str) -> str:
    if segment.endswith("ies"):
        return segment[:-3] + "y"
    return segment[:-1] if segment.endswith("s") else segment


@dataclass(frozen=True)
class Route:
    path: str
    methods: frozenset[str]


def route_table(app: Any) -> list[Route]:
    """Every API route with its full path (included routers are resolved lazily by FastAPI)."""
    found = []
    for route in app.routes:
        if isinstance(route, APIRoute):
            found.append(Route(route.path, frozenset(route.methods)))
        for context in getattr(route, "effective_route_contexts", list)():
            if isinstance(context.original_route, APIRoute):
                found.append(Route(context.path, frozenset(context.original_route.methods)))
    return found


def _routes(app: Any) -> list[Route]:
    routes = [r for r in route_table(app) if r.path.startswith("/api/v1")
              and not r.path.startswith(SKIP_PREFIXES)]
    assert len(routes) > 20, "the route table could not be read"
    return routes


def _ids_in(payload: Any) -> set[int]:
    items = payload.get("items", []) if isinstance(payload, dict) else payload
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), int)} \
        if isinstance(items, list) else set()


def test_no_route_lets_one_tenant_reach_another_tenants_records(
    app, make_tenant, make_user, api_client, make_customer, make_interaction
):
    packs = sorted(get_registry().packs)
    a, b = make_tenant(packs=packs), make_tenant(packs=packs)
    owner_a = make_user(a, role="owner", team=MARKER)
    client_a, client_b = api_client(owner_a), api_client(make_user(b, role="owner"))
    customer = make_customer(a, name=MARKER, city=MARKER, owner_id=owner_a.id)
    interaction = make_interaction(a, customer, summary=MARKER)
    key = client_a.post("/api/v1/api-keys", json={"name": MARKER, "scopes": ["read"]}).json()
    ids = {"customer_id": customer.id, "interaction_id": interaction.id, "user_id": owner_a.id,
           "key_id": key["id"]}
    created_at: dict[str, set[int]] = {}
    spec = app.openapi()

    for route in _routes(app):  # let A create records through every POST route we can fill
        params = PARAM.findall(route.path)
        if "POST" not in route.methods or any(p not in ids for p in params):
            continue
        path = route.path.format(**ids)
        answer = client_a.post(path, json=_body(route, "POST", spec, ids))
        if answer.status_code == 201 and isinstance(answer.json(), dict) and "id" in answer.json():
            collection = path.rstrip("/").rsplit("/", 1)[-1]
            ids.setdefault(f"{_singular(collection)}_id", answer.json()["id"])
            created_at.setdefault(path, set()).add(answer.json()["id"])

    checked = []
    for route in _routes(app):
        params = PARAM.findall(route.path)
        if not params or set(params) & NOT_RECORD_IDS:
            continue
        path = route.path.format(**{p: ids.get(p, ids["customer_id"]) for p in params})
        for method in sorted(route.methods):
            body = _body(route, method, spec, ids) if method in ("POST", "PUT", "PATCH") else None
            answer = client_b.request(method, path, json=body, headers={"If-Match": '"1"'})
            assert answer.status_code == 404, (method, route.path, answer.status_code, answer.text)
            checked.append((method, route.path))
    assert ("GET", "/api/v1/customers/{customer_id}") in checked
    assert ("GET", "/api/v1/apitest/visits/{visit_id}") in checked

    for route in _routes(app):
        if "GET" not in route.methods or PARAM.search(route.path):
            continue
        answer = client_b.get(route.path)
        assert answer.status_code in (200, 403, 404, 422), (route.path, answer.text)
        assert MARKER not in answer.text and owner_a.email not in answer.text, route.path
        assert not _ids_in(answer.json()) & created_at.get(route.path, set()), route.path

    still = client_a.get(f"/api/v1/customers/{customer.id}")
    assert still.status_code == 200 and still.json()["version"] == 1 and still.json()["name"] == MARKER
