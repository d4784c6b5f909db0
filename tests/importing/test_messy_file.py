"""The messy customer list a small firm exports: what an import must accept, reject and store.

``tests/data/customers_messy.expected.json`` is the oracle; every figure here comes from it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.dedupe.service import find_duplicates
from core.importing.runner import import_customers
from core.lunar import next_lunar_birthday, next_solar_birthday
from core.models import Customer
from core.packs.loader import get_registry
from core.tenancy import tenant_session

DATA = Path(__file__).resolve().parents[1] / "data"
MESSY = DATA / "customers_messy.csv"
EXPECTED: dict[str, Any] = json.loads((DATA / "customers_messy.expected.json").read_text("utf-8"))


@pytest.fixture
def imported(guanxi_engine, tenant):
    report = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=MESSY, batch_size=500
    )
    return tenant, report


def _customers(engine, tenant) -> dict[str, Customer]:
    with tenant_session(engine, tenant.id) as session:
        return {c.external_id: c for c in session.scalars(select(Customer))}


def test_import_accepts_and_rejects_exactly_the_expected_rows(imported):
    _tenant, report = imported
    assert report.accepted == EXPECTED["accepted"]
    assert report.rejected == EXPECTED["rejected"]
    assert report.accepted + report.rejected == EXPECTED["rows"]
    got = sorted((r.line, r.column, r.external_id) for r in report.rejects)
    want = sorted((r["line"], r["column"], r["external_id"]) for r in EXPECTED["rejected_rows"])
    assert got == want
    assert all(r.reason.strip() for r in report.rejects)


def test_rejected_rows_are_not_stored_and_accepted_ones_are(guanxi_engine, imported):
    tenant, _report = imported
    stored = _customers(guanxi_engine, tenant)
    assert len(stored) == EXPECTED["accepted"]
    assert not {r["external_id"] for r in EXPECTED["rejected_rows"]} & set(stored)


def test_headers_are_mapped_as_expected(imported):
    _tenant, report = imported
    assert {header: field for field, header in report.columns.items()} == EXPECTED["header_mapping"]


def test_phones_are_stored_in_e164(guanxi_engine, imported):
    stored = _customers(guanxi_engine, imported[0])
    for external_id, phone in EXPECTED["normalized_phones"].items():
        assert stored[external_id].phone == phone
        assert stored[external_id].phones == [phone]


def test_next_birthdays_follow_the_solar_or_lunar_calendar(guanxi_engine, imported):
    stored = _customers(guanxi_engine, imported[0])
    on_or_after = date.fromisoformat(EXPECTED["next_birthday_on_or_after"])
    for external_id, expected in EXPECTED["next_birthdays"].items():
        c = stored[external_id]
        if c.birthday_lunar:
            got = next_lunar_birthday(c.lunar_birth_month, c.lunar_birth_day, c.lunar_birth_leap, on_or_after)
        else:
            got = next_solar_birthday(c.birthday, on_or_after)
        assert got.isoformat() == expected, external_id


def test_lunar_birthdays_are_flagged(guanxi_engine, imported):
    stored = _customers(guanxi_engine, imported[0])
    lunar = {ext for ext, c in stored.items() if c.birthday_lunar}
    assert lunar == set(EXPECTED["lunar_birthday_ids"]) & set(stored)


def test_certain_duplicate_clusters_are_exactly_the_expected_ones(guanxi_engine, imported):
    tenant, _report = imported
    with tenant_session(guanxi_engine, tenant.id) as session:
        duplicates = find_duplicates(session=session, tenant=tenant)
    got = sorted(sorted(labels) for labels in duplicates.as_dict()["certain"])
    assert got == sorted(sorted(c) for c in EXPECTED["duplicate_clusters"])
    assert duplicates.customers_after_merging == EXPECTED["customers_after_merging_clusters"]
    cluster_of = {label: n for n, c in enumerate(got) for label in c}
    for a, b in EXPECTED["must_not_merge"]:
        assert cluster_of.get(a, ("alone", a)) != cluster_of.get(b, ("alone", b)), (a, b)
    for pair in duplicates.possible:
        assert cluster_of.get(pair.a.label, -1) != cluster_of.get(pair.b.label, -2)


def _snapshot(engine, tenant) -> list[tuple[Any, ...]]:
    table = Customer.__table__
    with tenant_session(engine, tenant.id) as session:
        rows = session.connection().execute(
            select(table).where(table.c.tenant_id == tenant.id).order_by(table.c.id)
        )
        return [tuple(row) for row in rows]


def test_importing_the_file_twice_changes_nothing(guanxi_engine, imported):
    tenant, _first = imported
    before = _snapshot(guanxi_engine, tenant)
    again = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=MESSY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, EXPECTED["accepted"])
    assert again.rejected == EXPECTED["rejected"]
    assert _snapshot(guanxi_engine, tenant) == before


def test_dry_run_reports_the_same_and_writes_nothing(guanxi_engine, tenant):
    report = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=MESSY, dry_run=True
    )
    assert (report.accepted, report.rejected) == (EXPECTED["accepted"], EXPECTED["rejected"])
    assert report.created == EXPECTED["accepted"]
    assert _snapshot(guanxi_engine, tenant) == []


def test_another_tenant_neither_sees_nor_blocks_the_import(guanxi_engine, imported, make_tenant):
    other = make_tenant()
    assert _snapshot(guanxi_engine, other) == []
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=other, source=MESSY)
    assert report.created == EXPECTED["accepted"]
    with tenant_session(guanxi_engine, other.id) as session:
        assert find_duplicates(session=session, tenant=other).customers == EXPECTED["accepted"]
