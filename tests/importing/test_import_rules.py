"""Row rules a user can rely on: headers in three scripts, date formats, whole-row rejects."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from core.errors import InvalidInput
from core.importing.runner import import_customers
from core.models import Customer
from core.packs.loader import get_registry
from core.tenancy import tenant_session


def _stored(engine, tenant) -> dict[str, Customer]:
    with tenant_session(engine, tenant.id) as session:
        return {c.external_id: c for c in session.scalars(select(Customer))}


def test_traditional_and_english_headers_are_recognised(guanxi_engine, tenant, write_csv):
    path = write_csv(
        [
            ["編號", "姓名", "手機", "電郵", "生日", "農曆生日", "標籤", "City"],
            ["T1", "陳怡君", "0912 345 678", "Yi@Example.TW", "1985年8月15日", "否", "VIP；老客户", "台北"],
        ]
    )
    tenant.phone_region = "TW"
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert report.rejected == 0, report.rejects
    c = _stored(guanxi_engine, tenant)["T1"]
    assert (c.name, c.phone, c.email) == ("陳怡君", "+886912345678", "yi@example.tw")
    assert (c.birthday, c.tags, c.city, c.name_key) == (
        date(1985, 8, 15),
        ["VIP", "老客户"],
        "台北",
        "chenyijun",
    )


@pytest.mark.parametrize("written", ["1985-08-15", "1985/8/15", "1985年8月15日", "19850815"])
def test_every_common_birthday_format_is_read(guanxi_engine, tenant, write_csv, written):
    path = write_csv([["编号", "姓名", "生日"], ["B1", "李娜", written]])
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert _stored(guanxi_engine, tenant)["B1"].birthday == date(1985, 8, 15)


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        (["X1", "李娜", "", "", "2099-01-01", ""], "生日", "future"),
        (["X1", "李娜", "", "", "1990-02-30", ""], "生日", "does not exist"),
        (["X1", "李娜", "", "", "2026-02-30", "是"], "生日", "29 days"),
        (["X1", "李娜", "", "", "1990-01-01", "也许"], "农历生日", "是 or 否"),
        (["X1", "  ", "13800138000", "", "", ""], "姓名", "required"),
        (["X1", "李娜", "12345", "", "", ""], "手机", "not a valid phone"),
        (["X1", "李娜", "", "li@@qq.com", "", ""], "邮箱", "e-mail"),
    ],
)
def test_a_row_with_one_bad_cell_is_rejected_whole_and_named(
    guanxi_engine, tenant, write_csv, cells, column, words
):
    path = write_csv(
        [
            ["编号", "姓名", "手机", "邮箱", "生日", "农历生日"],
            cells,
            ["X2", "王芳", "13800138000", "", "", ""],
        ]
    )
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert (report.accepted, report.rejected) == (1, 1)
    (reject,) = report.rejects
    assert (reject.line, reject.column, reject.external_id) == (2, column, "X1")
    assert words in reject.reason
    assert set(_stored(guanxi_engine, tenant)) == {"X2"}


def test_lunar_birthday_is_stored_as_lunar_month_and_day(guanxi_engine, tenant, write_csv):
    path = write_csv(
        [
            ["编号", "姓名", "生日", "农历生日"],
            ["L1", "胡秀霞", "1979-05-09", "是"],
            ["L2", "周英", "2020年闰4月3日", "是"],
        ]
    )
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    stored = _stored(guanxi_engine, tenant)
    first, leap = stored["L1"], stored["L2"]
    assert (first.birthday_lunar, first.lunar_birth_month, first.lunar_birth_day) == (True, 5, 9)
    assert first.birthday == date(1979, 6, 3)
    assert (leap.lunar_birth_month, leap.lunar_birth_leap, leap.birthday) == (4, True, date(2020, 5, 25))


def test_explicit_mapping_names_unusual_columns(guanxi_engine, tenant, write_csv):
    path = write_csv(
        [["客户代码", "联系人姓名", "联系方式", "备注"], ["M1", "赵敏", "139 1000 2000", "老朋友"]]
    )
    report = import_customers(
        engine=guanxi_engine,
        registry=get_registry(),
        tenant=tenant,
        source=path,
        mapping={"客户代码": "external_id", "联系人姓名": "name", "联系方式": "phone", "备注": "-"},
    )
    assert report.accepted == 1
    assert _stored(guanxi_engine, tenant)["M1"].phone == "+8613910002000"


def test_a_mapping_to_an_unknown_field_is_refused_naming_it(guanxi_engine, tenant, write_csv):
    path = write_csv([["名字"], ["赵敏"]])
    with pytest.raises(InvalidInput) as caught:
        import_customers(
            engine=guanxi_engine,
            registry=get_registry(),
            tenant=tenant,
            source=path,
            mapping={"名字": "nmae"},
        )
    assert "'nmae' is not a field" in str(caught.value)
    with pytest.raises(InvalidInput) as caught:
        import_customers(
            engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=write_csv([["x"], ["y"]])
        )
    assert "name" in {p.field for p in caught.value.problems}


def test_changed_rows_are_updated_and_unchanged_rows_keep_their_version(guanxi_engine, tenant, write_csv):
    header = ["编号", "姓名", "手机", "城市"]
    first = write_csv(
        [header, ["U1", "李娜", "13800138000", "北京"], ["U2", "王芳", "13900139000", "上海"]], name="a.csv"
    )
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=first)
    before = _stored(guanxi_engine, tenant)
    second = write_csv(
        [header, ["U1", "李娜", "13700137000", "广州"], ["U2", "王芳", "13900139000", ""]], name="b.csv"
    )
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=second)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    after = _stored(guanxi_engine, tenant)
    assert after["U1"].city == "广州"
    assert after["U1"].phones == ["+8613700137000", "+8613800138000"]
    assert after["U1"].version == before["U1"].version + 1
    assert after["U2"].version == before["U2"].version
    assert after["U2"].city == "上海"  # an empty cell never erases


def test_xlsx_import_reads_numbers_and_dates_like_text(guanxi_engine, tenant, write_xlsx):
    path = write_xlsx(
        [
            ["编号", "姓名", "手机", "生日"],
            ["X1", "李娜", 13800138000, datetime(1985, 8, 15)],
            [None, None, None, None],
            ["X2", "", "13900139000", "1985-01-01"],
        ]
    )
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert report.accepted == 1
    assert [(r.line, r.column) for r in report.rejects] == [(4, "姓名")]
    c = _stored(guanxi_engine, tenant)["X1"]
    assert (c.phone, c.birthday) == ("+8613800138000", date(1985, 8, 15))


def test_gbk_encoded_csv_from_old_excel_is_read(guanxi_engine, tenant, write_csv):
    path = write_csv([["编号", "姓名", "城市"], ["G1", "张伟", "北京"]], encoding="gbk")
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert _stored(guanxi_engine, tenant)["G1"].city == "北京"


def test_a_merged_duplicate_stays_merged_when_the_file_is_imported_again(
    guanxi_engine, tenant, write_csv, uow
):
    from core.customers.service import merge_customers

    path = write_csv(
        [["编号", "姓名", "手机"], ["D1", "李娜", "13800138000"], ["D2", "李 娜", "138-0013-8000"]]
    )
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    stored = _stored(guanxi_engine, tenant)
    with uow(tenant) as session:
        merge_customers(
            session=session, tenant=tenant, survivor_id=stored["D1"].id, duplicate_id=stored["D2"].id
        )
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert (report.created, report.updated) == (0, 0)
    assert _stored(guanxi_engine, tenant)["D2"].deleted_at is not None


def test_imported_tags_meet_the_same_bounds_as_the_api(guanxi_engine, tenant, write_csv):
    path = write_csv(
        [
            ["编号", "姓名", "标签"],
            ["L1", "李娜", "VIP;" + "长" * 65],
            ["L2", "王芳", ";".join(f"t{i}" for i in range(51))],
            ["L3", "张伟", "VIP;老客户"],
        ]
    )
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert sorted((r.line, r.column) for r in report.rejects) == [(2, "标签"), (3, "标签")]
    assert set(_stored(guanxi_engine, tenant)) == {"L3"}
