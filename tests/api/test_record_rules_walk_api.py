"""Record rules over HTTP, checked on every route in the app's route table.

Two reps of one tenant, on different teams: rep A's customer gets records (seeded, and created
through every POST route whose body can be built from its schema), then rep B calls every route
that takes or returns customer-linked records with A's ids and must get 404 (403 where a rep lacks
the route's permission), writes pointing ``customer_id`` at A's customer are refused the same way,
and no list shows B A's records.  Runs over core, ``apitest`` and every installed pack.
"""

from __future__ import annotations

from sdk.testing import assert_record_rules_hold


def test_no_route_lets_a_rep_reach_another_reps_customers(walk_kit):
    checked = assert_record_rules_hold(walk_kit)
    assert ("GET", "/api/v1/customers/{customer_id}") in checked
    assert ("GET", "/api/v1/interactions/{interaction_id}") in checked
    assert ("POST", "/api/v1/appliance-repair/tickets") in checked
    assert ("GET", "/api/v1/retail/orders") in checked
    assert ("GET", "/api/v1/activities/{activity_id}") in checked
    assert ("POST", "/api/v1/activities/{activity_id}/complete") in checked
    assert ("POST", "/api/v1/activities/{activity_id}/reassign") in checked
    assert ("GET", "/api/v1/activities") in checked
    assert ("POST", "/api/v1/retail/returns") in checked  # names A's order, not the customer
    assert ("GET", "/api/v1/collections/plans/{plan_id}") in checked
    assert ("POST", "/api/v1/collections/plans/{plan_id}/payments") in checked
    assert ("GET", "/api/v1/collections/ageing") in checked
