"""What an import did (or, in a dry run, would do): counts, rejects and the columns it used."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from core.importing.cells import neutralise
from core.importing.rows import RowReject

REJECT_COLUMNS = ("line", "column", "reason", "external_id")
#: ``progress(lines_done, lines_total_or_None)``, called after every batch.
Progress = Callable[[int, int | None], None]


@dataclass
class ImportReport:
    """Counts are for this run; ``resumed_after_line`` says where an interrupted job picked up.

    ``accepted`` = ``created`` + ``updated`` + ``unchanged``.  ``rejects`` holds every rejected
    row up to ``max_rejects`` (the count in ``rejected`` is always complete).
    """

    record_type: str
    file_name: str
    dry_run: bool
    columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    accepted: int = 0
    rejected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejects: list[RowReject] = field(default_factory=list)
    resumed_after_line: int | None = None
    job_id: int | None = None
    max_rejects: int = 100_000

    def add_reject(self, reject: RowReject) -> None:
        self.rejected += 1
        if len(self.rejects) < self.max_rejects:
            self.rejects.append(reject)

    def as_dict(self) -> dict[str, Any]:
        """The ``--json`` summary (and the API's answer)."""
        return {
            "record_type": self.record_type,
            "file": self.file_name,
            "dry_run": self.dry_run,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "resumed_after_line": self.resumed_after_line,
            "columns": self.columns,
            "ignored_columns": self.ignored_columns,
            "rejected_rows": [r.as_dict() for r in self.rejects],
        }


def write_rejects(handle: IO[str], rejects: Iterable[RowReject]) -> None:
    """The rejects report as CSV; every text cell neutralised, since it quotes the file's own
    cells (an external id ``=cmd|...`` must not run when the report is opened)."""
    writer = csv.writer(handle)
    writer.writerow(REJECT_COLUMNS)
    for r in rejects:
        writer.writerow([r.line, neutralise(r.column), neutralise(r.reason), neutralise(r.external_id or "")])
