"""Export writes what import reads: a round trip changes nothing, and only the tenant's own rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from core.errors import InvalidInput
from core.importing.export import export_customers
from core.importing.runner import import_customers
from core.packs.loader import get_registry

MESSY = Path(__file__).resolve().parents[1] / "data" / "customers_messy.csv"


def test_csv_export_imports_back_unchanged(guanxi_engine, tenant, make_tenant, tmp_path):
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=MESSY)
    other = make_tenant()
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=other, source=MESSY)
    target = tmp_path / "out.csv"
    count = export_customers(engine=guanxi_engine, tenant=tenant, target=target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert count == len(rows) - 1
    lunar = [r for r in rows[1:] if r[5] == "是"]
    assert lunar and all("月" in r[4] for r in lunar)
    again = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=target)
    assert (again.created, again.updated, again.rejected) == (0, 0, 0)
    assert again.unchanged == count


def test_export_refuses_an_unknown_file_type(guanxi_engine, tenant, tmp_path):
    with pytest.raises(InvalidInput, match=r"\.csv or \.xlsx"):
        export_customers(engine=guanxi_engine, tenant=tenant, target=tmp_path / "out.pdf")
