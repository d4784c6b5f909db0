"""Rows without an external id are matched too: importing the same list again creates nothing.

A row without an external id is the customer without one that has the row's phone (E.164), else
its e-mail; a row with neither is the customer that already holds every value the row gives (its
fingerprint).  Customers that have an external id are only ever matched by it.
"""

from __future__ import annotations

from sqlalchemy import select

from core.customers.service import merge_customers
from core.importing.runner import import_customers
from core.models import Customer
from core.packs.loader import get_registry
from core.tenancy import tenant_session, unit_of_work

HEADER = ["编号", "姓名", "手机", "邮箱", "城市"]
LIST = [
    HEADER,
    ["", "王芳", "138 0013 8000", "", "北京"],
    ["", "李雷", "", "li.lei@example.com", "上海"],
    ["", "张伟", "", "", "广州"],
    ["", "Wei Zhang", "", "", ""],
    ["K1", "赵敏", "13900139000", "", "杭州"],
]


def _customers(engine, tenant) -> list[Customer]:
    with tenant_session(engine, tenant.id) as session:
        return list(
            session.scalars(select(Customer).where(Customer.deleted_at.is_(None)).order_by(Customer.id))
        )


def test_importing_a_list_without_external_ids_twice_creates_nothing(guanxi_engine, tenant, write_csv):
    first = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv(LIST)
    )
    assert (first.created, first.rejected) == (5, 0)
    again = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv(LIST, name="again.csv")
    )
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 5, 0)
    assert len(_customers(guanxi_engine, tenant)) == 5


def test_the_phone_is_compared_as_e164_however_it_was_written(guanxi_engine, tenant, write_csv):
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv(LIST))
    rewritten = [HEADER, ["", "王芳", "+86 138-0013-8000", "", "北京"]]
    again = import_customers(
        engine=guanxi_engine,
        registry=get_registry(),
        tenant=tenant,
        source=write_csv(rewritten, name="b.csv"),
    )
    assert (again.created, again.unchanged) == (0, 1)


def test_a_changed_row_matched_by_phone_or_email_updates_that_customer(guanxi_engine, tenant, write_csv):
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv(LIST))
    moved = [HEADER, ["", "王芳", "13800138000", "", "深圳"], ["", "李雷", "", "LI.LEI@example.com", "成都"]]
    again = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv(moved, name="b.csv")
    )
    assert (again.created, again.updated) == (0, 2)
    cities = {c.name: c.city for c in _customers(guanxi_engine, tenant)}
    assert (cities["王芳"], cities["李雷"], len(cities)) == ("深圳", "成都", 5)


def test_a_row_with_neither_phone_nor_email_that_differs_is_a_new_customer(guanxi_engine, tenant, write_csv):
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv(LIST))
    other = [HEADER, ["", "张伟", "", "", "北京"]]  # another 张伟, in another city
    again = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv(other, name="b.csv")
    )
    assert (again.created, again.unchanged) == (1, 0)


def test_a_list_naming_the_same_person_twice_without_an_id_creates_one_customer(
    guanxi_engine, tenant, write_csv
):
    twice = [HEADER, ["", "王芳", "13800138000", "", ""], ["", "王芳", "13800138000", "", "北京"]]
    report = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv(twice)
    )
    assert report.created == 1
    assert [(c.name, c.city) for c in _customers(guanxi_engine, tenant)] == [("王芳", "北京")]


def test_rows_without_an_id_never_change_a_customer_that_has_one(guanxi_engine, tenant, write_csv):
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv(LIST))
    same_phone = [HEADER, ["", "赵敏", "13900139000", "", "杭州"]]
    again = import_customers(
        engine=guanxi_engine,
        registry=get_registry(),
        tenant=tenant,
        source=write_csv(same_phone, name="b.csv"),
    )
    assert again.created == 1
    kept = [c for c in _customers(guanxi_engine, tenant) if c.external_id == "K1"]
    assert [(c.name, c.city) for c in kept] == [("赵敏", "杭州")]


def test_a_phone_shared_by_two_customers_without_ids_is_rejected_not_guessed(
    guanxi_engine, tenant, make_customer, write_csv
):
    make_customer(tenant, name="王芳", phones=["13800138000"])
    make_customer(tenant, name="王芳芳", phones=["13800138000"])
    row = [HEADER, ["", "王小芳", "13800138000", "", ""]]
    report = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv(row)
    )
    assert (report.created, report.updated, report.rejected) == (0, 0, 1)
    assert report.rejects[0].column == "手机" and "+8613800138000" in report.rejects[0].reason


def test_a_merged_duplicate_is_not_brought_back_by_importing_the_list_again(guanxi_engine, tenant, write_csv):
    listing = [HEADER, ["", "王芳", "13800138000", "", "北京"], ["", "王芳", "13800138001", "", "北京"]]
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv(listing))
    survivor, duplicate = _customers(guanxi_engine, tenant)
    with unit_of_work(guanxi_engine, tenant.id, registry=get_registry()) as session:
        merge_customers(session=session, tenant=tenant, survivor_id=survivor.id, duplicate_id=duplicate.id)
    again = import_customers(
        engine=guanxi_engine,
        registry=get_registry(),
        tenant=tenant,
        source=write_csv(listing, name="again.csv"),
    )
    assert (again.created, again.unchanged) == (0, 2)
    assert [c.id for c in _customers(guanxi_engine, tenant)] == [survivor.id]
