"""Security walks: tenant isolation, record rules and read-only callers, checked on every API route.

Each walk reads the app's route table, so a new route (a pack's too) is covered without editing a
test.  A pack's suite runs them over core plus its own pack, the same checks core runs over every
installed pack::

    from sdk.testing import (assert_read_only_callers_cannot_write, assert_record_rules_hold,
                             assert_tenants_isolated)

    def test_hotel_routes_keep_tenants_apart(walk_kit):
        assert_tenants_isolated(walk_kit, packs=["hotel"])

    def test_hotel_routes_keep_reps_to_their_customers(walk_kit):
        assert_record_rules_hold(walk_kit, packs=["hotel"])

    def test_hotel_routes_refuse_read_only_callers(walk_kit):
        assert_read_only_callers_cannot_write(walk_kit, packs=["hotel"])

Records are made the way users make them: seeded, then through every POST route whose body can be
filled from its schema (the first ``examples`` entry of a schema is used, so give your request
models examples).  A walk reports every failing case at once and returns the ``(method, path)``
pairs it checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # the engine is imported when a walk runs, not when pytest loads the plugin
    from core.api.routing import RouteInfo
    from sdk.testing_routes import Findings, Requests

__all__ = [
    "WalkKit",
    "assert_read_only_callers_cannot_write",
    "assert_record_rules_hold",
    "assert_tenants_isolated",
    "walk_kit",
]

ISOLATION_MARKER = "ISOLATION-MARKER-甲"
RULES_MARKER = "RULES-MARKER-乙"
NEUTRAL = "walk"
HEADERS = {"If-Match": '"1"'}
#: Cross-tenant by design (operators) or before any tenant (sign-in): not tenant isolation's case.
NOT_TENANT_ROUTES = ("/api/v1/auth", "/api/v1/operator")
Checked = list[tuple[str, str]]


@dataclass(frozen=True)
class WalkKit:
    """The app under test and the fixtures a walk makes its tenants, users and clients with."""

    app: Any
    make_tenant: Callable[..., Any]
    make_user: Callable[..., Any]
    make_customer: Callable[..., Any]
    make_interaction: Callable[..., Any]
    api_client: Callable[..., Any]
    api_key_client: Callable[..., Any]

    def packs(self, packs: Iterable[str] | None) -> list[str]:
        return sorted(packs) if packs is not None else sorted(self.app.state.registry.packs)

    def permissions(self, role: str) -> frozenset[str]:
        from core.auth.permissions import permission_model

        return permission_model(self.app.state.registry).permissions(role)


@pytest.fixture
def walk_kit(
    app: Any,
    make_tenant: Any,
    make_user: Any,
    make_customer: Any,
    make_interaction: Any,
    api_client: Any,
    api_key_client: Any,
) -> WalkKit:
    """What the security walks need, bound to this test's ``app``."""
    return WalkKit(app, make_tenant, make_user, make_customer, make_interaction, api_client, api_key_client)


def _create_everything(
    routes: list[RouteInfo],
    requests: Requests,
    clients: list[Any],
    filler: Callable[[RouteInfo], str],
    *,
    linked_only: bool = False,
) -> dict[str, set[int]]:
    """POST to every route whose path ids are known, with the first client that may; new ids
    join ``requests.ids`` as ``<singular>_id``.  Returns the ids created at each path (only of
    customer-linked records with ``linked_only``)."""
    from sdk.testing_routes import singular

    created: dict[str, set[int]] = {}
    for route in routes:
        if (
            "POST" not in route.methods
            or route.path.startswith(NOT_TENANT_ROUTES)
            or any(p not in requests.ids for p in requests.record_params(route))
        ):
            continue
        path = requests.path(route)
        for client in clients:
            answer = client.post(path, **requests.body(route, "POST", filler(route)))
            if answer.status_code == 422:  # some rules need one of several optional fields
                answer = client.post(path, **requests.body(route, "POST", filler(route), fuller=True))
            if answer.status_code != 403:
                break
        if answer.status_code == 201 and isinstance(answer.json(), dict) and "id" in answer.json():
            new_id, name = answer.json()["id"], f"{singular(path.rstrip('/').rsplit('/', 1)[-1])}_id"
            requests.ids.setdefault(name, new_id)
            if requests.customer_linked(route, "POST"):
                requests.linked.add(name)
            if not linked_only or requests.customer_linked(route, "POST"):
                created.setdefault(path, set()).add(new_id)
    return created


def assert_tenants_isolated(kit: WalkKit, *, packs: Iterable[str] | None = None) -> Checked:
    """Tenant B's owner gets 404 for every route given tenant A's record ids, and no list shows
    B any of A's rows, names or e-mail addresses."""
    from sdk.testing_routes import Findings, Requests, enabled_packs, ids_in, route_table

    marker, findings = ISOLATION_MARKER, Findings("tenant isolation")
    a, b = kit.make_tenant(packs=kit.packs(packs)), kit.make_tenant(packs=kit.packs(packs))
    owner_a = kit.make_user(a, role="owner", team=marker)
    client_a, client_b = kit.api_client(owner_a), kit.api_client(kit.make_user(b, role="owner"))
    customer = kit.make_customer(a, name=marker, city=marker, owner_id=owner_a.id)
    interaction = kit.make_interaction(a, customer, summary=marker)
    key = client_a.post("/api/v1/api-keys", json={"name": marker, "scopes": ["read"]}).json()
    requests = Requests(
        kit.app.openapi(),
        {
            "customer_id": customer.id,
            "interaction_id": interaction.id,
            "user_id": owner_a.id,
            "key_id": key["id"],
        },
    )
    routes = [
        r for r in route_table(kit.app, enabled_packs(client_a)) if not r.path.startswith(NOT_TENANT_ROUTES)
    ]
    created = _create_everything(routes, requests, [client_a], lambda _route: marker)

    checked: Checked = []
    for route in routes:
        if not requests.record_params(route):
            continue
        for method in sorted(route.methods):
            answer = client_b.request(
                method, requests.path(route), headers=HEADERS, **requests.body(route, method, marker)
            )
            if answer.status_code != 404:
                findings.add("other tenant's owner", method, route.path, answer, "expected 404")
            checked.append((method, route.path))
    for route in routes:
        if "GET" not in route.methods or requests.record_params(route) or "{" in route.path:
            continue
        answer = client_b.get(route.path)
        if answer.status_code not in (200, 403, 404, 422):
            findings.add("other tenant's owner", "GET", route.path, answer, "unexpected status")
        elif marker in answer.text or owner_a.email in answer.text:
            findings.add("other tenant's owner", "GET", route.path, answer, "shows the other tenant's data")
        elif answer.status_code == 200 and ids_in(answer.json()) & created.get(route.path, set()):
            findings.add("other tenant's owner", "GET", route.path, answer, "lists the other tenant's ids")
        checked.append(("GET", route.path))
    _unchanged(findings, client_a, customer.id, marker)
    findings.check()
    return checked


def assert_record_rules_hold(kit: WalkKit, *, packs: Iterable[str] | None = None) -> Checked:
    """Two reps of one tenant: rep B gets 404 for every route given rep A's customer-linked ids
    (403 where B's role lacks the route's permission), writes that point ``customer_id`` at A's
    customer are refused the same way, and no list shows B A's records.  Walked twice: reps of
    different teams, and reps of no team (where a rule comparing two missing teams would leak)."""
    from sdk.testing_routes import Findings, Requests, enabled_packs, route_table

    marker, findings, checked = RULES_MARKER, Findings("record rules"), []
    for team_a, team_b in (("east", "west"), (None, None)):
        tenant = kit.make_tenant(packs=kit.packs(packs))
        owner = kit.make_user(tenant, role="owner")
        client_owner = kit.api_client(owner)
        routes = route_table(kit.app, enabled_packs(client_owner))
        rep_a = kit.make_user(tenant, role="rep", team=team_a)
        rep_b = kit.make_user(tenant, role="rep", team=team_b)
        customer = kit.make_customer(tenant, name=marker, city=marker, owner_id=rep_a.id, team=team_a)
        interaction = kit.make_interaction(tenant, customer, summary=marker)
        requests = Requests(kit.app.openapi(), {"customer_id": customer.id, "interaction_id": interaction.id})
        client_a = kit.api_client(rep_a)

        def filler(route: RouteInfo, requests: Requests = requests) -> str:
            return marker if requests.customer_linked(route, "POST") else NEUTRAL  # linked: marked

        created = _create_everything(routes, requests, [client_a, client_owner], filler, linked_only=True)
        caller = f"rep of team {team_b}, customer of team {team_a}"
        checked += _walk_as_rep_b(
            findings,
            routes,
            requests,
            kit.api_client(rep_b),
            kit.permissions("rep"),
            caller=caller,
            marker=marker,
            customer_id=customer.id,
            created=created,
        )
        _unchanged(findings, client_a, customer.id, marker)
    findings.check()
    return checked


def _walk_as_rep_b(
    findings: Findings,
    routes: list[RouteInfo],
    requests: Requests,
    client: Any,
    held: frozenset[str],
    *,
    caller: str,
    marker: str,
    customer_id: int,
    created: dict[str, set[int]],
) -> Checked:
    from sdk.testing_routes import ids_in, items_of_customer

    checked: Checked = []

    def refused_fairly(route: RouteInfo, method: str, status: int) -> bool:
        if status == 404:
            return True
        if status == 403:  # denied by default, or B's role lacks what the route declares
            return not route.permissions or not route.permissions <= held
        customer_related = "customer_id" in requests.record_params(route) or requests.body_names_customer(
            route, method
        )
        return status == 422 and not customer_related

    for route in routes:
        record_params = requests.record_params(route)
        for method in sorted(route.methods):
            writes_for_a = method in route.writes and requests.body_names_customer(route, method)
            if not (record_params and requests.customer_linked(route, method)) and not writes_for_a:
                continue
            answer = client.request(
                method, requests.path(route), headers=HEADERS, **requests.body(route, method, marker)
            )
            if not refused_fairly(route, method, answer.status_code):
                findings.add(caller, method, route.path, answer, "expected 404 (403: lacks permission)")
            checked.append((method, route.path))

    for route in routes:
        if "GET" not in route.methods or "{" in route.path:
            continue
        query: list[dict[str, Any]] = [{}]
        if any(
            p.get("name") == "customer_id" and p.get("in") == "query"
            for p in requests.operation(route, "GET").get("parameters", [])
        ):
            query.append({"customer_id": customer_id})
        for params in query:
            answer = client.get(route.path, params=params)
            shown = f"{route.path}?customer_id=<theirs>" if params else route.path
            if answer.status_code not in (200, 403, 404, 422):
                findings.add(caller, "GET", shown, answer, "unexpected status")
            elif marker in answer.text:
                findings.add(caller, "GET", shown, answer, "shows another rep's customer data")
            elif answer.status_code == 200 and (
                ids_in(answer.json()) & created.get(route.path, set())
                or items_of_customer(answer.json(), customer_id)
            ):
                findings.add(caller, "GET", shown, answer, "lists another rep's records")
            checked.append(("GET", route.path))
    return checked


def assert_read_only_callers_cannot_write(kit: WalkKit, *, packs: Iterable[str] | None = None) -> Checked:
    """A viewer, a read-only API key and a technician get 403 from every write route whose
    declared permission they lack; every write route declares one (or is one of the few open
    ones, :data:`core.auth.permissions.OPEN_WRITES`)."""
    from core.auth.permissions import OPEN_WRITES, permission_model
    from sdk.testing_routes import Findings, Requests, enabled_packs, route_table

    findings = Findings("read-only callers")
    tenant = kit.make_tenant(packs=kit.packs(packs))
    owner = kit.make_user(tenant, role="owner")
    customer = kit.make_customer(tenant, owner_id=owner.id)
    interaction = kit.make_interaction(tenant, customer)
    requests = Requests(
        kit.app.openapi(), {"customer_id": customer.id, "interaction_id": interaction.id, "user_id": owner.id}
    )
    client_owner = kit.api_client(owner)
    routes = route_table(kit.app, enabled_packs(client_owner))
    _create_everything(routes, requests, [client_owner], lambda _route: NEUTRAL)
    model = permission_model(kit.app.state.registry)
    callers = {
        "viewer": (kit.api_client(kit.make_user(tenant, role="viewer")), model.permissions("viewer")),
        "read-only API key": (kit.api_key_client(tenant, scopes=["read"]), model.for_scopes(["read"])),
        "technician": (
            kit.api_client(kit.make_user(tenant, role="technician")),
            model.permissions("technician"),
        ),
    }
    checked: Checked = []
    for route in routes:
        for method in sorted(route.writes):
            if (method, route.path) in OPEN_WRITES:
                continue
            if not route.permissions:
                findings.add(
                    "route table",
                    method,
                    route.path,
                    None,
                    "declares no permission: refused to everyone until it does",
                )
            for caller, (client, held) in callers.items():
                answer = client.request(
                    method, requests.path(route), headers=HEADERS, **requests.body(route, method, NEUTRAL)
                )
                if route.permissions and route.permissions <= held:
                    if answer.status_code >= 500:
                        findings.add(caller, method, route.path, answer, "server error")
                elif answer.status_code not in (401, 403):
                    findings.add(
                        caller,
                        method,
                        route.path,
                        answer,
                        f"expected 403: lacks {sorted(route.permissions - held) or 'a permission'}",
                    )
            checked.append((method, route.path))
    findings.check()
    return checked


def _unchanged(findings: Findings, client: Any, customer_id: int, marker: str) -> None:
    """The walked customer still reads as it was made: nobody's refused write went through."""
    still = client.get(f"/api/v1/customers/{customer_id}")
    if still.status_code != 200 or still.json().get("version") != 1 or still.json().get("name") != marker:
        findings.add(
            "owner of the record",
            "GET",
            "/api/v1/customers/{customer_id}",
            still,
            "the customer was changed by a refused caller",
        )
