"""``guanxi plugins new``: write a complete, working pack from the Jinja2 templates beside this module.

The result installs with pip, passes its own tests and ``guanxi plugins check`` as generated: one
tenant-owned model (versioned, with a state machine and newest-first pages from ``sdk.records``),
its Alembic branch (whose first revision ``depends_on`` core's head revision at scaffold time),
hook implementations, an API router, a page with a navigation item, catalogs in
English, Simplified and Traditional Chinese, tests on the sdk fixtures, a README and a LICENSE.
It also has one short example of every other extension point, each in its own module and
exercised by the generated tests: a timeline source, a metric, settings, a scheduled job, a
notice and a survey on an event, an import type with its export, a stylesheet, a message of the
pack translated outside templates, and a declared event handler (demo data).

Scaffold templates use ``[[ ]]`` and ``[% %]`` as delimiters, so the page templates they contain
keep their own ``{{ }}`` and ``{% %}`` untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined

from core import CORE_API_VERSION
from core.errors import GuanxiError
from core.sdkdev.names import PackNames, pack_names

TEMPLATES = Path(__file__).parent / "templates"
PACK_TEMPLATE = TEMPLATES / "pack"
LICENSES = ("Apache-2.0", "MIT")
MIT_TEXT = """MIT License

Copyright (c) {year} {holder}

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


class ScaffoldError(GuanxiError):
    """The pack cannot be written (bad name, directory not empty, unknown licence)."""


@dataclass(frozen=True)
class PackSpec:
    """What the vendor chose; everything else is derived from the slug."""

    slug: str
    title: str = ""
    description: str = ""
    title_zh_hans: str = ""
    title_zh_hant: str = ""
    license: str = "Apache-2.0"
    holder: str = "the pack's authors"


def core_head_revision() -> str:
    """The head of core's Alembic branch now: the revision a new pack's first migration needs."""
    from alembic.script import ScriptDirectory

    from core.migrate import CORE_MIGRATIONS

    script = ScriptDirectory(str(CORE_MIGRATIONS), version_locations=[str(CORE_MIGRATIONS / "versions")])
    heads = script.get_heads()
    if len(heads) != 1:
        raise ScaffoldError(f"core's migrations have {len(heads)} heads ({', '.join(heads)}); expected one")
    return heads[0]


def _po(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _environment() -> Environment:
    env = Environment(
        block_start_string="[%",
        block_end_string="%]",
        variable_start_string="[[",
        variable_end_string="]]",
        comment_start_string="[#",
        comment_end_string="#]",
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        autoescape=False,
    )
    env.filters["po"] = _po
    return env


def _context(spec: PackSpec, names: PackNames) -> dict[str, Any]:
    title = spec.title or names.title
    hans, hant = spec.title_zh_hans or title, spec.title_zh_hant or title
    messages = [
        (title, {"en": "", "zh_Hans": hans, "zh_Hant": hant}),
        ("Title", {"en": "", "zh_Hans": "标题", "zh_Hant": "標題"}),
        ("Recorded", {"en": "", "zh_Hans": "记录时间", "zh_Hant": "記錄時間"}),
        ("Nothing recorded yet.", {"en": "", "zh_Hans": "尚无记录。", "zh_Hant": "尚無記錄。"}),
        ("Entry done", {"en": "", "zh_Hans": "条目已完成", "zh_Hant": "條目已完成"}),
    ]
    return {
        "slug": names.slug,
        "names": names,
        "title": _po(title),
        "description": _po(spec.description or f"{title.lower()} records for each customer."),
        "title_zh_hans": _po(hans),
        "title_zh_hant": _po(hant),
        "core_api": f">={CORE_API_VERSION},<{int(CORE_API_VERSION.split('.')[0]) + 1}",
        "core_head": core_head_revision(),
        "license": spec.license,
        "today": date.today().isoformat(),
        "messages": [(_po(m), {k: _po(v) for k, v in t.items()}) for m, t in messages],
    }


def _target(relative: Path, names: PackNames) -> Path:
    text = str(relative)[: -len(".j2")]
    for key, value in (
        ("[[package]]", names.package),
        ("[[slug]]", names.slug),
        ("[[underscored]]", names.underscored),
    ):
        text = text.replace(key, value)
    return Path(text)


def scaffold(spec: PackSpec, directory: Path) -> list[Path]:
    """Write the pack into ``directory`` (created; must be empty); return the files written."""
    names = pack_names(spec.slug)
    if spec.license not in LICENSES:
        raise ScaffoldError(f"licence '{spec.license}' is not offered; choose one of {', '.join(LICENSES)}")
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise ScaffoldError(f"{directory} is not empty; choose a new directory")
    env, context = _environment(), _context(spec, names)
    written = []
    for source in sorted(PACK_TEMPLATE.rglob("*.j2")):
        target = directory / _target(source.relative_to(PACK_TEMPLATE), names)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            env.from_string(source.read_text(encoding="utf-8")).render(context), encoding="utf-8"
        )
        written.append(target)
    licence = directory / "LICENSE"
    if spec.license == "MIT":
        licence.write_text(MIT_TEXT.format(year=date.today().year, holder=spec.holder), encoding="utf-8")
    else:
        licence.write_text(
            (TEMPLATES / "licenses" / "Apache-2.0.txt").read_text(encoding="utf-8"), encoding="utf-8"
        )
    written.append(licence)
    return written
