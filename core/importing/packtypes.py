"""Import a pack's record type (declared through ``guanxi_register_import_types``) like customers.

Core does the generic part (streaming, header mapping, required cells, batches, jobs, rejects);
the pack's ``load_rows`` validates and writes a batch.  Only packs the tenant enabled are offered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from core.errors import NotFound
from core.importing.bulk import LoadResult
from core.importing.headers import ColumnMap
from core.importing.rows import RowReject, ValidRow
from core.importing.runner import Reader, RecordKind
from core.importing.writer import BatchResult
from core.models import Tenant
from core.packs.facade import TenantHooks
from core.packs.state import hooks_for
from core.records import ImportRow, ImportType
from core.text import clean_text


def _reader(import_type: ImportType, columns: ColumnMap) -> Reader:
    places = [(f, i) for f, (i, _h) in columns.fields.items()]

    def read(line: int, row: Sequence[str]) -> ValidRow | RowReject:
        width = len(row)
        values = {}
        for field, index in places:
            if index < width:
                text = row[index]
                # most cells are short ASCII with nothing to fold: spare them the call
                plain = text.isascii() and text.isprintable() and "  " not in text
                text = text.strip() if plain else clean_text(text)
                if text:
                    values[field] = text
        for field in import_type.required:
            if field not in values:
                return RowReject(line, columns.header_of(field), f"'{field}' is required")
        return ValidRow(line, values)

    return read


def _writer(import_type: ImportType) -> Any:
    def write(
        *,
        session: Session,
        tenant: Tenant,
        hooks: TenantHooks,
        rows: list[ValidRow],
        header_of: Any,
        dry_run: bool,
    ) -> BatchResult:
        loaded = import_type.load_rows(
            session=session, tenant=tenant, rows=[ImportRow(r.line, r.values) for r in rows]
        )
        outcome = loaded if isinstance(loaded, LoadResult) else LoadResult(dict(loaded or {}))
        problems = outcome.problems
        result = BatchResult(
            created=len(rows) - len(problems) - outcome.updated - outcome.unchanged
            if outcome.created is None
            else outcome.created,
            updated=outcome.updated,
            unchanged=outcome.unchanged,
        )
        for line, problem in sorted(problems.items()):
            result.rejects.append(RowReject(line, header_of(problem.field), problem.reason))
        return result

    return write


def pack_import_type(*, session: Session, tenant: Tenant, key: str) -> ImportType:
    """Import type ``key`` of a pack the tenant enabled; :class:`NotFound` names those there are."""
    types = {t.key: t for t in hooks_for(session, tenant).import_types(tenant=tenant)}
    if key not in types:
        known = ", ".join(sorted(types)) or "none"
        raise NotFound(f"no import type '{key}' for this tenant (available: {known})")
    return types[key]


def pack_kind(*, session: Session, tenant: Tenant, key: str) -> RecordKind:
    """The record kind for import type ``key`` of a pack the tenant enabled."""
    import_type = pack_import_type(session=session, tenant=tenant, key=key)
    return RecordKind(
        key=import_type.key,
        columns=import_type.columns,
        required=tuple(import_type.required),
        make_reader=lambda columns, _tenant: _reader(import_type, columns),
        writer=_writer(import_type),
        group_by=import_type.group_by,
        batch_size=import_type.batch_size,
    )


def record_kind(*, session: Session, tenant: Tenant, key: str) -> RecordKind:
    """The record kind a job of type ``key`` was imported as (to resume it the same way)."""
    from core.importing.interactions import INTERACTIONS
    from core.importing.runner import CUSTOMERS

    builtin = {CUSTOMERS.key: CUSTOMERS, INTERACTIONS.key: INTERACTIONS}
    return builtin.get(key) or pack_kind(session=session, tenant=tenant, key=key)
