"""Import speed: 100,000 generated customers from CSV, validated, normalized and written.

Figures: rows/s of the import (file hash, streaming read, validation, batched writes, job
progress), rows/s with certain-duplicate detection included, and the same run's baseline: a raw
SQLAlchemy Core ``executemany`` insert of the very same (already normalized) rows in batches of
1,000.  Target: >= 8,000 rows/s on SQLite.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._support import QUICK, scratch_sqlite
from core.packs.loader import get_registry

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶"
    "黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美平刚桂兰霞建国红玉萍鹏辉斌宇浩凯健俊帆帅"
    "旭宁龙林欣晨雪琳晶颖婷倩蕾玲燕"
)
LATIN = ["Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Tao", "Ming"]
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "臺北", "台中", "高雄"]
TAGS = ["VIP", "会员", "新客户", "老客户", "团购", "批发", "酒店", "商场"]
PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "198",
    "199",
]
HEADER = ["编号", "姓名", "手机", "邮箱", "生日", "农历生日", "城市", "标签"]


def _phone(rng: random.Random, n: int) -> str:
    if rng.random() < 0.05:
        number = f"9{n % 100_000_000:08d}"
        return rng.choice([f"+886 {number[:3]} {number[3:6]} {number[6:]}", f"+886{number}"])
    number = f"{PREFIXES[n % len(PREFIXES)]}{n % 100_000_000:08d}"
    return rng.choice(
        [
            number,
            f"{number[:3]} {number[3:7]} {number[7:]}",
            f"{number[:3]}-{number[3:7]}-{number[7:]}",
            f"+86{number}",
            f"0086 {number}",
            f"+86 {number[:3]} {number[3:7]} {number[7:]}",
        ]
    )


def _birthday(rng: random.Random) -> str:
    y, m, d = rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}年{m}月{d}日", f"{y}{m:02d}{d:02d}"])


def generate_rows(count: int, seed: int = 20261124):
    """Rows like a firm's export: mixed scripts and formats, ~3% lunar, ~2% duplicates, ~1% bad."""
    rng = random.Random(seed)
    for i in range(1, count + 1):
        if rng.random() < 0.1:
            name = f"{rng.choice(LATIN)} {rng.choice(LATIN)}"
        else:
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))
        phone_seed = rng.randrange(1, i + 1) * 7919 if rng.random() < 0.02 else i * 7919
        bad = rng.random()
        yield [
            f"B{i:07d}",
            name if bad > 0.003 else "",
            _phone(rng, phone_seed) if bad > 0.006 else "12345",
            f"user{i}.{rng.randint(1, 999)}@{rng.choice(['qq.com', '163.com', 'gmail.com'])}"
            if rng.random() < 0.8
            else "",
            _birthday(rng) if bad > 0.01 else "2099-01-01",
            "是" if rng.random() < 0.03 else rng.choice(["", "否"]),
            rng.choice(CITIES),
            ";".join(rng.sample(TAGS, rng.randint(0, 2))),
        ]


def write_file(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(generate_rows(count))
    return path


def _tenant(engine, slug: str):
    from sqlmodel import Session

    from core.tenants.service import create_tenant

    with Session(engine, expire_on_commit=False) as session:
        tenant = create_tenant(session=session, slug=slug, name=slug)
        session.commit()
    return tenant


def raw_insert_seconds(engine, source_tenant, target_tenant) -> tuple[float, int]:
    """Baseline: the same normalized rows, inserted with a bare executemany per 1,000."""
    from sqlalchemy import insert, select

    from core.models import Customer

    table = Customer.__table__
    with engine.connect() as connection:
        rows = [
            dict(r._mapping)
            for r in connection.execute(select(table).where(table.c.tenant_id == source_tenant.id))
        ]
    for row in rows:
        row.pop("id")
        row["tenant_id"] = target_tenant.id
    started = time.perf_counter()
    for start in range(0, len(rows), 1000):
        with engine.begin() as connection:
            connection.execute(insert(table), rows[start : start + 1000])
    return time.perf_counter() - started, len(rows)


def main() -> int:
    from core.db import make_engine
    from core.dedupe.service import find_duplicates
    from core.importing.runner import import_customers
    from core.packs.loader import load_packs, set_registry
    from core.tenancy import tenant_session

    set_registry(load_packs())
    count = 10_000 if QUICK else 100_000
    engine = make_engine(scratch_sqlite("import-speed"))
    path = write_file(Path(tempfile.mkdtemp()) / "customers.csv", count)
    tenant, baseline_tenant = _tenant(engine, "bench-import"), _tenant(engine, "bench-raw")

    started, cpu_started = time.perf_counter(), time.process_time()
    report = import_customers(engine=engine, registry=get_registry(), tenant=tenant, source=path)
    import_seconds = time.perf_counter() - started
    import_cpu = time.process_time() - cpu_started
    started = time.perf_counter()
    with tenant_session(engine, tenant.id, read_only=True) as session:
        duplicates = find_duplicates(session=session, tenant=tenant, fuzzy=False)
    certain_seconds = time.perf_counter() - started
    cpu_started = time.process_time()
    raw_seconds, raw_rows = raw_insert_seconds(engine, tenant, baseline_tenant)
    raw_cpu = time.process_time() - cpu_started

    rows = report.accepted + report.rejected
    print(
        f"rows in file               {rows:>10,}  (accepted {report.accepted:,}, "
        f"rejected {report.rejected:,})"
    )
    print(f"import                     {import_seconds:>10.2f} s  {rows / import_seconds:>9,.0f} rows/s")
    print(f"certain duplicate check    {certain_seconds:>10.2f} s  ({len(duplicates.certain):,} clusters)")
    total = import_seconds + certain_seconds
    print(f"import + duplicate check   {total:>10.2f} s  {rows / total:>9,.0f} rows/s")
    print(f"baseline raw executemany   {raw_seconds:>10.2f} s  {raw_rows / raw_seconds:>9,.0f} rows/s")
    print(f"import / raw insert        {import_seconds / raw_seconds:>10.1f} x slower")
    print(
        f"CPU time (this process): import {import_cpu:.2f} s = {rows / import_cpu:,.0f} rows/s; "
        f"raw insert {raw_cpu:.2f} s (+ SQLite's own work in the same process)"
    )
    target = 8000
    ok = rows / import_seconds >= target
    print(f"target >= {target:,} rows/s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
