"""The database itself keeps every reference inside its tenant: a row of one tenant cannot point
at another tenant's customer, user or record, even when no code check stands in the way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from core.models import Customer, Interaction
from core.tenancy import tenant_session


def _tenant_owned(inspector, table: str) -> bool:
    return any(c["name"] == "tenant_id" for c in inspector.get_columns(table))


def test_every_reference_between_tenant_owned_tables_is_tenant_led(guanxi_engine):
    """Walks the migrated schema (core and every installed pack), so a new table cannot forget."""
    inspector = inspect(guanxi_engine)
    missing = []
    for table in inspector.get_table_names():
        if not _tenant_owned(inspector, table):
            continue
        keys = inspector.get_foreign_keys(table)
        tenant_led = {
            (fk["referred_table"], tuple(fk["constrained_columns"]))
            for fk in keys
            if fk["referred_columns"][:1] == ["tenant_id"]
        }
        for fk in keys:
            parent, columns = fk["referred_table"], fk["constrained_columns"]
            if parent == "tenants" or columns[:1] == ["tenant_id"] or not _tenant_owned(inspector, parent):
                continue
            if (parent, ("tenant_id", *columns)) not in tenant_led:
                missing.append(f"{table}.{','.join(columns)} -> {parent}")
    assert missing == []


def _insert_refused(engine, tenant, *objects) -> None:
    """Write ``objects`` through ``tenant``'s session with no service in between."""
    with tenant_session(engine, tenant.id) as session:
        session.add_all(objects)
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_database_refuses_an_interaction_on_another_tenants_customer(
    make_tenant, make_customer, guanxi_engine
):
    mine, theirs = make_tenant(), make_tenant()
    foreign = make_customer(theirs)
    _insert_refused(guanxi_engine, mine, Interaction(customer_id=foreign.id, summary="x"))


def test_database_refuses_references_to_another_tenants_user(
    make_tenant, make_user, make_customer, guanxi_engine
):
    mine, theirs = make_tenant(), make_tenant()
    stranger = make_user(theirs)
    _insert_refused(guanxi_engine, mine, Customer(name="王芳", owner_id=stranger.id))
    customer = make_customer(mine)
    _insert_refused(guanxi_engine, mine, Interaction(customer_id=customer.id, user_id=stranger.id))


def test_database_refuses_pack_rows_on_another_tenants_customer(make_tenant, make_customer, guanxi_engine):
    from guanxi_retail.loyalty.models import LoyaltyAccount
    from guanxi_retail.orders.models import RetailOrder

    mine, theirs = make_tenant(packs=["retail"]), make_tenant(packs=["retail"])
    foreign = make_customer(theirs)
    order = RetailOrder(customer_id=foreign.id, total=Decimal("10.00"), currency="CNY")
    _insert_refused(guanxi_engine, mine, order)
    _insert_refused(guanxi_engine, mine, LoyaltyAccount(customer_id=foreign.id))


def test_a_reference_inside_the_tenant_still_works_and_deletes_still_cascade(
    make_tenant, make_customer, guanxi_engine
):
    tenant = make_tenant()
    customer = make_customer(tenant)
    with tenant_session(guanxi_engine, tenant.id) as session:
        session.add(Interaction(customer_id=customer.id, summary="ok"))
        session.flush()
        session.execute(text("DELETE FROM customers WHERE id = :id"), {"id": customer.id})
        left = session.execute(
            text("SELECT count(*) FROM interactions WHERE customer_id = :id"), {"id": customer.id}
        ).scalar_one()
        session.rollback()
    assert left == 0


def test_imported_interactions_never_land_on_another_tenants_customer(
    make_tenant, make_customer, make_user, api_client, guanxi_engine
):
    """The reported attack: a merge pointer naming another tenant's customer, then an import that
    follows it.  The API refuses the pointer; planted behind its back, the database refuses the rows."""
    victim, attacker = make_tenant(packs=["retail"]), make_tenant(packs=["retail"])
    target = make_customer(victim)
    decoy = make_customer(attacker, external_id="E1")
    client = api_client(make_user(attacker, "owner"))
    planted = client.patch(
        f"/api/v1/customers/{decoy.id}",
        json={"pack_data": {"merged_into": target.id}},
        headers={"If-Match": '"1"'},
    )
    assert planted.status_code == 422
    with tenant_session(guanxi_engine, attacker.id) as session:  # the services bypassed
        stored = session.get(Customer, decoy.id)
        stored.pack_data, stored.deleted_at = {"merged_into": target.id}, stored.created_at
        session.commit()
    rows = "customer_external_id,occurred_at,kind,summary,amount\nE1,2026-05-01 10:00,purchase,买了,99\n"
    answer = client.post("/api/v1/imports/interactions", files={"file": ("i.csv", rows.encode(), "text/csv")})
    assert answer.status_code < 500, answer.text  # the row is rejected, the import does not fail
    assert answer.json()["created"] == 0 and answer.json()["rejected"] == 1, answer.json()
    with guanxi_engine.connect() as connection:
        for table in ("interactions", "retail_orders", "retail_loyalty_accounts"):
            landed = connection.execute(
                text(f"SELECT count(*) FROM {table} WHERE customer_id = :id AND tenant_id = :tenant"),
                {"id": target.id, "tenant": attacker.id},
            ).scalar_one()
            assert landed == 0, table


def test_deleting_a_record_still_clears_references_that_were_set_null(make_tenant, guanxi_engine):
    """A deleted segment leaves its campaigns without one (the campaign's tenant is kept)."""
    from datetime import date

    from guanxi_retail.campaigns.models import RetailCampaign

    from core.segments.models import Segment

    tenant = make_tenant(packs=["retail"])
    with tenant_session(guanxi_engine, tenant.id) as session:
        segment = Segment(name="VIP")
        session.add(segment)
        session.flush()
        campaign = RetailCampaign(
            name="spring", segment_id=segment.id, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31)
        )
        session.add(campaign)
        session.flush()
        session.delete(segment)
        session.flush()
        session.expire_all()
        assert (campaign.segment_id, campaign.tenant_id) == (None, tenant.id)
        session.rollback()
