"""Reading the app's route table and OpenAPI document for the security walks of ``sdk.testing``.

A walk must cover routes nobody wrote a test for, so it builds every request from the route
table: the path with real record ids, and a body filled from the route's schema (examples first,
then the smallest valid value; ids pointed at the records the walk made).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.api.routing import RouteInfo, api_routes

__all__ = ["Finding", "Findings", "Requests", "enabled_packs", "route_table"]

PARAM = re.compile(r"{(\w+)}")
#: Path parameters that name something other than a record (a pack, a tenant's slug).
NOT_RECORD_IDS = frozenset({"pack", "slug", "token", "edition"})
#: Fields whose presence makes a schema customer-linked.
CUSTOMER_FIELDS = frozenset({"customer_id", "customer_ids"})
#: A tiny CSV for routes that take a file upload.
UPLOAD = ("walk.csv", b"name\nwalk\n", "text/csv")
#: Valid values for string formats (a marker would not be a date or an address).
FORMATS = {
    "date": "2026-01-05",
    "date-time": "2026-01-05T10:00:00+08:00",
    "email": "walk@example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


def route_table(app: Any, enabled: Iterable[str] | None = None) -> list[RouteInfo]:
    """Every JSON API route of ``app`` (``/api/...``) with its full path: core's, and those of the
    packs in ``enabled`` (every pack's when ``None``; other packs' routes only answer 404)."""
    others = tuple(
        f"/api/v1/{name}/"
        for name in app.state.registry.packs
        if enabled is not None and name not in set(enabled)
    )
    routes = [
        r
        for r in api_routes(app.routes)
        if r.path.startswith("/api/") and not (others and r.path.startswith(others))
    ]
    assert len(routes) > 20, "the route table could not be read"
    return routes


def enabled_packs(owner_client: Any) -> set[str]:
    """The packs the owner's tenant has enabled (dependencies included), as the API lists them."""
    return {p["name"] for p in owner_client.get("/api/v1/plugins").json() if p["enabled"]}


def singular(segment: str) -> str:
    """``tickets`` -> ``ticket``, ``territories`` -> ``territory`` (for ``<name>_id`` keys)."""
    if segment.endswith("ies"):
        return segment[:-3] + "y"
    return segment[:-1] if segment.endswith("s") else segment


def ids_in(payload: Any) -> set[int]:
    """The ``id`` of every item of a list answer (a bare list or a page with ``items``)."""
    items = payload.get("items", []) if isinstance(payload, dict) else payload
    if not isinstance(items, list):
        return set()
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), int)}


def items_of_customer(payload: Any, customer_id: int) -> list[Any]:
    """Items of a list answer that belong to ``customer_id`` (their ``customer_id`` says so)."""
    items = payload.get("items", []) if isinstance(payload, dict) else payload
    if not isinstance(items, list):
        return []
    return [i for i in items if isinstance(i, dict) and i.get("customer_id") == customer_id]


@dataclass
class Requests:
    """Builds requests for one app from its OpenAPI document.

    ``ids`` maps path and body id names (``customer_id``, ``ticket_id``...) to record ids; a name
    it lacks falls back to ``customer_id``.  Strings are filled with ``filler`` (a marker the walk
    later looks for in answers that must not show it).
    """

    spec: dict[str, Any]
    ids: dict[str, int]
    #: The id names (``order_id``...) of customer-linked records: a body naming one is about them.
    linked: set[str] = field(default_factory=lambda: {"customer_id", "interaction_id"})

    def operation(self, route: RouteInfo, method: str) -> dict[str, Any]:
        return self.spec.get("paths", {}).get(route.path, {}).get(method.lower(), {})

    def path(self, route: RouteInfo) -> str:
        return route.path.format(
            **{p: self.ids.get(p, self.ids["customer_id"]) for p in PARAM.findall(route.path)}
        )

    def body(self, route: RouteInfo, method: str, filler: str, *, fuller: bool = False) -> dict[str, Any]:
        """Keyword arguments for the test client: ``json=``, or ``files=`` and ``data=``.

        The body holds the required fields and ``customer_id``; ``fuller`` adds every optional
        field that has an example (for models whose rules need one of several optional fields).
        """
        if method not in ("POST", "PUT", "PATCH"):
            return {}
        content = self.operation(route, method).get("requestBody", {}).get("content", {})
        if "application/json" in content:
            return {"json": self.value(content["application/json"]["schema"], filler, fuller=fuller)}
        if "multipart/form-data" in content:
            schema = self._resolve(content["multipart/form-data"]["schema"])
            files, data = {}, {}
            for name in schema.get("required", []):
                sub = self._resolve(schema["properties"][name])
                if sub.get("format") == "binary" or "contentMediaType" in sub:
                    files[name] = UPLOAD
                else:
                    data[name] = self.value(sub, filler, name)
            return {"files": files, "data": data}
        return {}

    def record_params(self, route: RouteInfo) -> list[str]:
        """The path parameters that are record ids."""
        return [p for p in PARAM.findall(route.path) if p not in NOT_RECORD_IDS]

    def customer_linked(self, route: RouteInfo, method: str) -> bool:
        """Whether the route takes or returns customer-linked records (by its path and schemas)."""
        if "customer_id" in PARAM.findall(route.path):
            return True
        return self.body_names_customer(route, method) or any(
            self._mentions(media.get("schema", {}), set())
            for status, answer in self.operation(route, method).get("responses", {}).items()
            if str(status).startswith("2")
            for media in answer.get("content", {}).values()
        )

    def body_names_customer(self, route: RouteInfo, method: str) -> bool:
        """Whether the request body names a customer, or a customer-linked record the walk made."""
        content = self.operation(route, method).get("requestBody", {}).get("content", {})
        if any(self._mentions(media.get("schema", {}), set()) for media in content.values()):
            return True
        sent = self.body(route, method, "").get("json")
        return isinstance(sent, dict) and bool(self.linked & set(sent))

    def value(self, schema: dict[str, Any], filler: str, name: str = "", *, fuller: bool = False) -> Any:
        """The smallest valid value of ``schema`` (its first example when it has one)."""
        schema = self._resolve(schema)
        kind = schema.get("type")
        if kind == "integer" and name.endswith("_id"):
            return self._id(name)
        if schema.get("examples"):
            example = schema["examples"][0]
            if isinstance(example, dict):  # point ids in examples at the walk's records
                return {
                    k: self._id(k) if k.endswith("_id") and isinstance(v, int) else v
                    for k, v in example.items()
                }
            return example
        if "enum" in schema:
            return schema["enum"][0]
        if kind == "object" or "properties" in schema:
            properties = schema.get("properties", {})
            wanted = {*schema.get("required", []), "customer_id"}  # an optional customer too
            if fuller:
                wanted |= {key for key, sub in properties.items() if self._resolve(sub).get("examples")}
            return {
                key: self.value(sub, filler, key, fuller=fuller)
                for key, sub in properties.items()
                if key in wanted
            }
        if kind == "integer":
            return max(1, schema.get("minimum", 1))
        if kind == "number":
            return 1
        if kind == "boolean":
            return False
        if kind == "array":
            return []
        if schema.get("format") in FORMATS:
            return FORMATS[schema["format"]]
        return f"{filler}-{name}"[: schema.get("maxLength", 100)]

    def _id(self, name: str) -> int:
        return self.ids.get(name, self.ids["customer_id"])

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        if "anyOf" in schema:  # the first non-null branch, keeping the field's own examples
            branch = self._resolve(next(s for s in schema["anyOf"] if s.get("type") != "null"))
            return {**branch, **{k: v for k, v in schema.items() if k != "anyOf"}}
        return schema

    def _mentions(self, schema: dict[str, Any], seen: set[str]) -> bool:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name in seen:
                return False
            seen.add(name)
            return self._mentions(self.spec["components"]["schemas"][name], seen)
        properties = schema.get("properties", {})
        if CUSTOMER_FIELDS & set(properties):
            return True
        parts = [
            *properties.values(),
            *schema.get("anyOf", []),
            *schema.get("allOf", []),
            *schema.get("oneOf", []),
        ]
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                parts.append(schema[key])
        return any(self._mentions(part, seen) for part in parts)


@dataclass(frozen=True)
class Finding:
    caller: str
    method: str
    path: str
    status: int
    why: str
    answer: str = ""

    def __str__(self) -> str:
        status = self.status or "not called"
        return f"{self.caller}: {self.method} {self.path} -> {status} ({self.why}) {self.answer[:160]}"


@dataclass
class Findings:
    """Every failing case of a walk, reported together so one failure does not hide the others."""

    walk: str
    found: list[Finding] = field(default_factory=list)

    def add(self, caller: str, method: str, path: str, answer: Any, why: str) -> None:
        status = getattr(answer, "status_code", 0)
        self.found.append(Finding(caller, method, path, status, why, getattr(answer, "text", "")))

    def check(self) -> None:
        if self.found:
            lines = "\n  ".join(str(f) for f in self.found)
            raise AssertionError(f"{self.walk}: {len(self.found)} failing case(s)\n  {lines}")
