"""Property-based run of the OpenAPI document (schemathesis): no 5xx, answers match schemas.

Signed in as a tenant owner with every pack enabled, a bounded number of generated requests per
operation go through the ASGI app in-process.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from core.packs.loader import get_registry


@pytest.fixture
def api_schema(app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path_regex="^/api/v1/auth/")


@pytest.fixture
def owner_headers(make_tenant: Any, make_user: Any, make_customer: Any, make_interaction: Any) -> dict:
    from core.auth.tokens import issue_access_token

    tenant = make_tenant(packs=sorted(get_registry().packs))
    customer = make_customer(tenant, name="李娜")
    make_interaction(tenant, customer)
    token = issue_access_token(user=make_user(tenant, role="owner"))[0]
    return {"Authorization": f"Bearer {token}"}


MAX_EXAMPLES = 8


def test_every_operation_answers_without_server_errors_and_matches_its_schema(api_schema, owner_headers):
    failures: list[str] = []
    calls: list[int] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case: Any) -> None:
            calls.append(1)
            case.call_and_validate(
                headers=owner_headers, checks=[not_a_server_error, response_schema_conformance]
            )

        try:
            check()
        except Exception as exc:  # collect every operation's failure, not only the first
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert len(calls) >= 3 * len(operations)  # generation really ran
