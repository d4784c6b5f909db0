"""Which column holds which field: headers recognised in English, Simplified and Traditional Chinese.

Headers are compared after trimming, lower-casing, dropping spaces, ``_``/``-`` and a trailing
colon, and converting Traditional to Simplified characters, so ``手機``, ``手机`` and ``Mobile`` all
find ``phone``.  An explicit mapping (``--mapping 联系方式=phone``) wins over the aliases; map a
column to ``-`` to ignore it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.errors import InvalidInput, Problem
from core.text import clean_text, to_simplified

IGNORE = "-"

#: Customer fields and their header aliases (Simplified; Traditional headers are converted first).
CUSTOMER_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "external_id": (
        "external_id",
        "externalid",
        "id",
        "code",
        "customerid",
        "customerno",
        "编号",
        "客户编号",
        "客户号",
        "会员编号",
        "会员号",
        "编码",
        "客户编码",
    ),
    "name": (
        "name",
        "fullname",
        "customer",
        "customername",
        "姓名",
        "名字",
        "客户",
        "客户名称",
        "客户姓名",
        "名称",
        "联系人",
    ),
    "phone": (
        "phone",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
        "tel",
        "telephone",
        "phonenumber",
        "手机",
        "手机号",
        "手机号码",
        "电话",
        "电话号码",
        "联系电话",
        "移动电话",
        "行动电话",
    ),
    "email": (
        "email",
        "e-mail",
        "mail",
        "emailaddress",
        "邮箱",
        "电邮",
        "电子邮件",
        "电子邮箱",
        "邮件",
        "邮件地址",
    ),
    "birthday": ("birthday", "birthdate", "dateofbirth", "dob", "生日", "出生日期", "出生年月日"),
    "birthday_is_lunar": (
        "lunar",
        "lunarbirthday",
        "birthdayislunar",
        "islunar",
        "农历生日",
        "农历",
        "阴历",
        "阴历生日",
        "是否农历",
    ),
    "city": ("city", "城市", "所在城市", "所在地"),
    "address": ("address", "地址", "联系地址", "住址"),
    "tags": ("tags", "tag", "labels", "label", "标签", "分类"),
    "kind": ("kind", "type", "类型", "客户类型"),
    "team": ("team", "团队", "小组"),
    "grade": ("grade", "level", "等级", "级别", "客户等级"),
}

INTERACTION_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "customer_external_id": (
        "customer_external_id",
        "customerid",
        "customer",
        "customercode",
        "客户编号",
        "编号",
        "客户号",
        "客户编码",
    ),
    "kind": ("kind", "type", "类型", "方式", "互动类型"),
    "occurred_at": (
        "occurred_at",
        "occurredat",
        "date",
        "time",
        "datetime",
        "时间",
        "日期",
        "发生时间",
        "互动时间",
    ),
    "summary": ("summary", "note", "notes", "content", "内容", "摘要", "备注", "记录"),
    "channel": ("channel", "渠道", "来源渠道"),
    "amount": ("amount", "金额", "消费金额"),
    "currency": ("currency", "币种", "货币"),
}

_NOISE = re.compile(r"[\s_\-:：()（）]+")


def header_key(header: str) -> str:
    """The comparable form of a header cell."""
    return _NOISE.sub("", to_simplified(clean_text(header)).lower())


@dataclass(frozen=True)
class ColumnMap:
    """Field -> (column index, header as written); plus the headers nobody claimed."""

    fields: Mapping[str, tuple[int, str]]
    ignored: tuple[str, ...]

    def header_of(self, field: str) -> str:
        return self.fields[field][1] if field in self.fields else field


def map_headers(
    headers: Sequence[str],
    columns: Mapping[str, tuple[str, ...]],
    *,
    required: Sequence[str] = (),
    explicit: Mapping[str, str] | None = None,
) -> ColumnMap:
    """Map ``headers`` to fields; raise :class:`InvalidInput` naming every problem found.

    ``explicit`` maps a header (as written) to a field name or ``-``; it is checked strictly, since
    a typo there would otherwise silently drop a column.
    """
    problems: list[Problem] = []
    by_key = {header_key(h): i for i, h in reversed(list(enumerate(headers))) if clean_text(h)}
    alias_of = {header_key(a): f for f, aliases in columns.items() for a in (f, *aliases)}
    fields: dict[str, tuple[int, str]] = {}
    claimed: set[int] = set()
    for header, field in (explicit or {}).items():
        index = by_key.get(header_key(header))
        if index is None:
            problems.append(Problem("mapping", f"column '{header}' is not in the file"))
            continue
        claimed.add(index)
        if field == IGNORE:
            continue
        if field not in columns:
            known = ", ".join(columns)
            problems.append(Problem("mapping", f"'{field}' is not a field (known: {known})"))
        elif field in fields:
            problems.append(Problem("mapping", f"two columns are mapped to '{field}'"))
        else:
            fields[field] = (index, headers[index])
    for index, header in enumerate(headers):
        alias = alias_of.get(header_key(header))
        if index in claimed or alias is None or alias in fields:
            continue
        fields[alias] = (index, header)
        claimed.add(index)
    for field in required:
        if field not in fields:
            problems.append(Problem(field, f"no column for '{field}'; name one with --mapping"))
    if problems:
        raise InvalidInput(problems)
    ignored = tuple(h for i, h in enumerate(headers) if i not in claimed and clean_text(h))
    return ColumnMap(fields=fields, ignored=ignored)


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """``["联系方式=phone", "备注=-"]`` -> ``{"联系方式": "phone", "备注": "-"}``."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        if not sep or not column.strip() or not field.strip():
            raise InvalidInput([Problem("mapping", f"'{pair}' is not column=field")])
        mapping[column.strip()] = field.strip()
    return mapping
