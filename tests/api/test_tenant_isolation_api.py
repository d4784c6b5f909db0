"""Tenant isolation over HTTP, checked on every route in the app's route table.

New routes, packs' included, are covered without editing this test: tenant A gets records (seeded,
and created through every POST route whose body can be built from its schema), then tenant B's
owner calls every route that takes a record id with A's ids and must get 404, and every list route
must show B none of A's rows.  The walk itself lives in ``sdk.testing`` for packs to run too.
"""

from __future__ import annotations

from sdk.testing import assert_tenants_isolated


def test_no_route_lets_one_tenant_reach_another_tenants_records(walk_kit):
    checked = assert_tenants_isolated(walk_kit)
    assert ("GET", "/api/v1/customers/{customer_id}") in checked
    assert ("GET", "/api/v1/activities/{activity_id}") in checked
    assert ("POST", "/api/v1/activities/{activity_id}/complete") in checked
    assert ("GET", "/api/v1/apitest/visits/{visit_id}") in checked
    assert ("GET", "/api/v1/appliance-repair/tickets") in checked
    assert ("POST", "/api/v1/collections/plans/{plan_id}/payments") in checked
    assert ("GET", "/api/v1/collections/ageing") in checked
