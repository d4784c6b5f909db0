"""Segments: saved filters evaluated in one statement; pack fields; spend grades."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from importlib_metadata import EntryPoint
from sqlalchemy import event

from core.errors import Conflict, InvalidInput
from core.models import Customer
from core.segments.grades import apply_grades
from core.segments.service import (
    count_segment,
    create_segment,
    segment_customer_ids,
    segment_select,
    update_segment,
)


def _buy(make_interaction, tenant, customer, amount, when=datetime(2026, 3, 1, tzinfo=UTC)):
    make_interaction(tenant, customer, kind="purchase", amount=Decimal(amount), occurred_at=when)


@pytest.fixture
def shop(make_tenant, make_customer, make_interaction):
    tenant = make_tenant()
    c = {
        "vip_sh": make_customer(tenant, name="张伟", city="上海", tags=["vip", "wechat"], grade="A"),
        "vip_bj": make_customer(tenant, name="李娜", city="北京", tags=["vip"]),
        "plain_sh": make_customer(tenant, name="王芳", city="上海", tags=["wechat"]),
        "silent": make_customer(tenant, name="赵磊", city="广州"),
    }
    _buy(make_interaction, tenant, c["vip_sh"], "6000")
    _buy(make_interaction, tenant, c["vip_sh"], "5000", datetime(2026, 5, 1, tzinfo=UTC))
    _buy(make_interaction, tenant, c["vip_bj"], "2500")
    _buy(make_interaction, tenant, c["plain_sh"], "300", datetime(2025, 6, 1, tzinfo=UTC))
    return tenant, {k: v.id for k, v in c.items()}


def _ids(uow, tenant, filters):
    with uow(tenant) as session:
        return set(session.execute(segment_select(session=session, tenant=tenant, filters=filters)).scalars())


def test_segment_combines_tags_city_and_spend(shop, uow):
    tenant, c = shop
    assert _ids(uow, tenant, {"tags": ["vip", "wechat"]}) == {c["vip_sh"]}
    assert _ids(uow, tenant, {"tags_any": ["vip", "wechat"]}) == {c["vip_sh"], c["vip_bj"], c["plain_sh"]}
    assert _ids(uow, tenant, {"city": "上海", "spend_min": "1000"}) == {c["vip_sh"]}
    assert _ids(uow, tenant, {"spend_max": 2500}) == {c["vip_bj"], c["plain_sh"], c["silent"]}
    assert _ids(uow, tenant, {"grade": ["A"]}) == {c["vip_sh"]}


def test_segment_finds_dormant_customers_by_last_interaction(shop, uow):
    tenant, c = shop
    # never contacted, or not since last June: both count as dormant
    assert _ids(uow, tenant, {"last_interaction_before": "2026-01-01"}) == {c["plain_sh"], c["silent"]}
    assert _ids(uow, tenant, {"last_interaction_after": "2026-04-01"}) == {c["vip_sh"]}


def test_segment_is_evaluated_in_one_statement(shop, uow, guanxi_engine):
    tenant, c = shop
    with uow(tenant) as session:
        segment = create_segment(
            session=session,
            tenant=tenant,
            name="上海大客户",
            filters={"city": "上海", "spend_min": 1000, "tags_any": ["vip"]},
        )
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    with uow(tenant) as session:
        session.connection()  # BEGIN before counting
        event.listen(guanxi_engine, "before_cursor_execute", listener)
        try:
            ids = segment_customer_ids(session=session, tenant=tenant, segment_id=segment.id)
        finally:
            event.remove(guanxi_engine, "before_cursor_execute", listener)
    assert ids == [c["vip_sh"]]
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len([s for s in selects if "customers" in s]) == 1


def test_bad_filters_are_refused_naming_the_field(shop, uow):
    tenant, _ = shop
    with uow(tenant) as session, pytest.raises(InvalidInput) as caught:
        create_segment(
            session=session,
            tenant=tenant,
            name="x",
            filters={"spend_min": "lots", "colour": "red", "last_interaction_after": "May"},
        )
    fields = {p.field for p in caught.value.problems}
    assert fields == {"filters.spend_min", "filters.colour", "filters.last_interaction_after"}


def test_segment_names_are_unique_per_tenant(shop, make_tenant, uow):
    tenant, _ = shop
    with uow(tenant) as session:
        create_segment(session=session, tenant=tenant, name="VIP", filters={"tags": "vip"})
    with uow(tenant) as session, pytest.raises(Conflict):
        create_segment(session=session, tenant=tenant, name="VIP", filters={})
    other = make_tenant()
    with uow(other) as session:
        create_segment(session=session, tenant=other, name="VIP", filters={})


def test_segment_never_includes_another_tenants_customers(shop, make_tenant, make_customer, uow):
    tenant, c = shop
    other = make_tenant()
    make_customer(other, city="上海", tags=["vip"])
    assert _ids(uow, tenant, {"city": "上海", "tags": "vip"}) == {c["vip_sh"]}
    with uow(other) as session:
        assert count_segment(session=session, tenant=other, filters={"spend_min": 1000}) == 0


def test_guanxi_register_segment_fields_adds_pack_fields_for_enabling_tenants_only(
    use_packs, make_tenant, make_customer, uow
):
    use_packs()  # the installed packs, plus:
    import importlib_metadata

    from core.packs.loader import load_packs, set_registry

    real = list(importlib_metadata.entry_points(group="guanxi.plugins"))
    set_registry(load_packs([*real, EntryPoint("loyalty", "segments.loyalty_fields_pack", "guanxi.plugins")]))
    with_pack, without = make_tenant(packs=["loyalty"]), make_tenant()
    served = make_customer(with_pack, team="南京路店")
    make_customer(with_pack, team="淮海路店")
    assert _ids(uow, with_pack, {"team": "南京路店"}) == {served.id}
    with uow(without) as session, pytest.raises(InvalidInput) as caught:
        segment_select(session=session, tenant=without, filters={"team": "南京路店"})
    assert caught.value.problems[0].field == "filters.team"
    with uow(with_pack) as session, pytest.raises(InvalidInput, match="give a team name"):
        update_segment(
            session=session,
            tenant=with_pack,
            segment_id=create_segment(
                session=session, tenant=with_pack, name="t", filters={"team": "南京路店"}
            ).id,
            filters={"team": ""},
        )


def test_grades_follow_spend_thresholds(shop, uow):
    tenant, c = shop
    with uow(tenant) as session:
        changed = apply_grades(session=session, tenant=tenant, thresholds={"A": 10000, "B": 2000, "C": 0})
    with uow(tenant) as session:
        grades = {cid: session.get(Customer, cid).grade for cid in c.values()}
    assert grades == {c["vip_sh"]: "A", c["vip_bj"]: "B", c["plain_sh"]: "C", c["silent"]: "C"}
    assert changed == {"A": 0, "B": 1, "C": 2}  # vip_sh already held A: not touched
    with uow(tenant) as session:
        again = apply_grades(session=session, tenant=tenant, thresholds={"A": 10000, "B": 2000, "C": 0})
    assert again == {"A": 0, "B": 0, "C": 0}


def test_grading_clears_customers_below_the_lowest_threshold_and_bumps_version(shop, uow):
    tenant, c = shop
    with uow(tenant) as session:
        before = session.get(Customer, c["vip_sh"]).version
        apply_grades(session=session, tenant=tenant, thresholds={"VIP": 20000})
    with uow(tenant) as session:
        top = session.get(Customer, c["vip_sh"])
        assert top.grade is None and top.version == before + 1
        assert session.get(Customer, c["silent"]).grade is None


def test_grade_thresholds_are_validated(shop, uow):
    tenant, _ = shop
    with uow(tenant) as session, pytest.raises(InvalidInput) as caught:
        apply_grades(session=session, tenant=tenant, thresholds={"A": "-5", "B": "x"})
    assert {p.field for p in caught.value.problems} == {"thresholds.A", "thresholds.B"}
