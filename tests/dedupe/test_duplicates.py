"""Duplicate detection a user can rely on: certain clusters are exact, suggestions stay apart."""

from __future__ import annotations

from datetime import date

from core.dedupe.clusters import UnionFind, certain_clusters
from core.dedupe.fuzzy import possible_pairs
from core.dedupe.keys import Person
from core.dedupe.service import find_duplicates
from core.tenancy import tenant_session
from core.text import name_keys


def _person(pid: int, name: str, phones=(), emails=(), birthday=None, lunar=False) -> Person:
    return Person(pid, f"P{pid}", name, name_keys(name), tuple(phones), tuple(emails), birthday, lunar, None)


def test_union_find_joins_chains_into_one_group():
    sets = UnionFind()
    sets.union(1, 2)
    sets.union(3, 4)
    sets.union(2, 3)
    assert len({sets.find(i) for i in (1, 2, 3, 4)}) == 1
    assert sets.find(5) == 5


def test_phone_email_and_name_birthday_links_form_one_cluster():
    bday = date(1980, 1, 2)
    people = [
        _person(1, "张伟", phones=["+8613800138000"]),
        _person(2, "張偉", phones=["+8613800138000"], emails=["zw@qq.com"]),
        _person(3, "Wei Zhang", emails=["zw@qq.com"], birthday=bday),
        _person(4, "Zhang Wei", birthday=bday),
        _person(5, "张伟", birthday=date(1990, 1, 1)),
    ]
    (cluster,) = certain_clusters(people)
    assert cluster.ids == [1, 2, 3, 4]
    assert any(r.startswith("same phone") for r in cluster.reasons)
    assert any(r.startswith("same name and birthday") for r in cluster.reasons)


def test_same_name_alone_or_a_different_calendar_is_not_a_duplicate():
    bday = date(1980, 1, 2)
    people = [
        _person(1, "张伟"),
        _person(2, "张伟"),
        _person(3, "李娜", birthday=bday),
        _person(4, "李娜", birthday=bday, lunar=True),
    ]
    assert certain_clusters(people) == []


def test_fuzzy_suggestions_catch_typos_but_never_repeat_certain_clusters():
    bday = date(1975, 3, 4)
    people = [
        _person(1, "王晓明", phones=["+8613800138000"], birthday=bday),
        _person(2, "王小敏", phones=["+8613900139000"], birthday=bday),  # typo, same birthday
        _person(3, "Andrea Kirk", phones=["+8613312345678"]),
        _person(4, "Andrea Kirke", phones=["+8613312345679"]),  # one digit off
        _person(5, "王晓明", phones=["+8613800138000"]),  # certain with 1
        _person(6, "李娜", phones=["+8613700000000"]),
        _person(7, "李娜", phones=["+8615800000000"]),  # common name only
    ]
    certain = certain_clusters(people)
    assert [c.ids for c in certain] == [[1, 5]]
    pairs = {(p.a.id, p.b.id) for p in possible_pairs(people, certain)}
    assert pairs == {(1, 2), (3, 4)}


def test_dedupe_sees_only_the_tenants_own_customers(guanxi_engine, make_tenant, make_customer):
    a, b = make_tenant(), make_tenant()
    make_customer(a, name="李娜", phones=["13800138000"])
    make_customer(b, name="李娜", phones=["13800138000"])
    make_customer(b, name="李 娜", phones=["138 0013 8000"])
    with tenant_session(guanxi_engine, a.id) as session:
        report_a = find_duplicates(session=session, tenant=a)
    with tenant_session(guanxi_engine, b.id) as session:
        report_b = find_duplicates(session=session, tenant=b)
    assert (report_a.customers, report_a.certain) == (1, [])
    assert (report_b.customers, len(report_b.certain)) == (2, 1)
