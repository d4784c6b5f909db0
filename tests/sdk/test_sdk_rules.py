"""What a pack author can rely on from ``sdk``'s record rules, for API and page callers alike."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import Session, select

from sdk import Customer, Interaction, NotFound, User, require_visible_customer, visible_to


@dataclass
class Caller:
    """The three attributes the SDK reads; the API's and the web's contexts both have them."""

    session: Session
    user: User | None
    permissions: frozenset[str]


REP = frozenset({"customers:read", "customers:write"})
MANAGER = REP | {"customers:all"}


@pytest.fixture
def two_reps(make_tenant, make_user, make_customer, make_interaction):
    tenant = make_tenant()
    east, west = make_user(tenant, role="rep", team="east"), make_user(tenant, role="rep")
    mine = make_customer(tenant, name="东区客户", owner_id=east.id)
    team = make_customer(tenant, name="团队客户", team="east")
    other = make_customer(tenant, name="西区客户", owner_id=west.id)
    for customer in (mine, team, other):
        make_interaction(tenant, customer)
    return tenant, east, west, {"mine": mine.id, "team": team.id, "other": other.id}


def _visible_customers(uow, tenant, user, permissions) -> set[int]:
    with uow(tenant) as session:
        caller = Caller(session, user, permissions)
        rows = select(Interaction.customer_id).where(visible_to(caller, Interaction.customer_id))
        return set(session.exec(rows).all())


def test_visible_to_keeps_a_reps_rows_to_own_and_team_customers(two_reps, uow):
    tenant, east, west, ids = two_reps
    assert _visible_customers(uow, tenant, east, REP) == {ids["mine"], ids["team"]}
    assert _visible_customers(uow, tenant, west, REP) == {ids["other"]}


def test_visible_to_changes_nothing_for_callers_who_see_every_customer(two_reps, uow):
    tenant, east, _west, ids = two_reps
    assert _visible_customers(uow, tenant, east, MANAGER) == set(ids.values())
    assert _visible_customers(uow, tenant, None, REP) == set(ids.values())  # an API key: its scopes decide


def test_hidden_customer_answers_like_a_missing_one(two_reps, uow):
    tenant, east, _west, ids = two_reps
    with uow(tenant) as session:
        caller = Caller(session, east, REP)
        assert require_visible_customer(caller, ids["team"]).id == ids["team"]
        with pytest.raises(NotFound) as hidden:
            require_visible_customer(caller, ids["other"])
        with pytest.raises(NotFound) as missing:
            require_visible_customer(caller, 2_147_483_647)
    assert str(hidden.value) == f"customer {ids['other']} not found"
    assert str(missing.value) == "customer 2147483647 not found"


def test_customer_ids_beyond_the_database_integer_are_not_found(two_reps, uow):
    tenant, east, _west, _ids = two_reps
    with uow(tenant) as session, pytest.raises(NotFound):
        require_visible_customer(Caller(session, east, MANAGER), 2**40)


def test_another_tenants_customer_is_not_visible_even_to_a_manager(two_reps, make_tenant, make_customer, uow):
    tenant, east, _west, _ids = two_reps
    stranger = make_customer(make_tenant(), name="别家客户")
    with uow(tenant) as session, pytest.raises(NotFound):
        require_visible_customer(Caller(session, east, MANAGER), stranger.id)


def test_api_and_page_contexts_are_callers(two_reps, uow):
    from sdk.api import RequestContext
    from sdk.web import Page

    tenant, east, _west, ids = two_reps
    with uow(tenant) as session:
        api = RequestContext(session, tenant, east, "user:east", None, REP)
        page = Page(None, session, tenant, east, REP, "en", None)  # type: ignore[arg-type]
        for caller in (api, page):
            assert require_visible_customer(caller, ids["mine"]).id == ids["mine"]
            count = session.exec(select(Customer.id).where(visible_to(caller, Customer.id))).all()
            assert set(count) == {ids["mine"], ids["team"]}
