"""Problems of a whole file, worded once and translatable where the web page shows them.

The API and the CLI show the English text (``Problem.reason``); the import page translates the
template (a gettext message id with ``%(name)s`` placeholders) and fills in the same values.  Every
template is listed in :data:`TEMPLATES`, and a test checks that each catalog translates it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.errors import Conflict, InvalidInput, Problem

NOT_TEXT = (
    "line %(line)s of '%(file)s' is neither UTF-8 nor GB18030 text; "
    "save the file as CSV UTF-8 and import it again"
)
NOT_XLSX = "'%(file)s' is not an Excel workbook (.xlsx) that can be read"
TOO_BIG = "'%(file)s' unpacks to more than %(limit)s MB; split it into smaller files"
BOMB = (
    "'%(file)s' is compressed more than %(ratio)s to 1, which spreadsheets never are; "
    "it is refused as a possible zip bomb"
)
TOO_MANY_ROWS = "'%(file)s' has more than %(limit)s rows; split it into smaller files"
ROW_TOO_FAR = "'%(file)s' has a row numbered %(row)s; at most %(limit)s rows are read"
ROW_TOO_WIDE = "'%(file)s' has a row with more than %(limit)s cells, more than Excel allows"
TOO_MANY_TEXTS = "'%(file)s' has more than %(limit)s different texts; split it into smaller files"
TOO_MANY_COLUMNS = "'%(file)s' has %(count)s columns; at most %(limit)s columns are read"
EMPTY = "'%(file)s' is empty"
BUSY = (
    "import job %(job)s ('%(file)s') is running for this tenant since %(since)s UTC; "
    "wait until it ends, then import again"
)
NOT_THE_FILE = "this is not the file import job %(job)s read ('%(file)s'); choose that same file to resume it"
NOTHING_TO_RESUME = "import job %(job)s is %(status)s; there is nothing to resume"

TEMPLATES = (
    NOT_TEXT,
    NOT_XLSX,
    TOO_BIG,
    BOMB,
    TOO_MANY_ROWS,
    ROW_TOO_FAR,
    ROW_TOO_WIDE,
    TOO_MANY_TEXTS,
    TOO_MANY_COLUMNS,
    EMPTY,
    BUSY,
    NOT_THE_FILE,
    NOTHING_TO_RESUME,
)


@dataclass(frozen=True)
class Worded(Problem):
    """A problem whose reason is ``template % params`` (see the module docstring)."""

    template: str = ""
    params: tuple[tuple[str, str], ...] = ()


def _params(values: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((k, f"{v:,}" if isinstance(v, int) else str(v)) for k, v in values.items())


def worded(field: str, template: str, **values: Any) -> Worded:
    params = _params(values)
    return Worded(field, template % dict(params), template, params)


def refuse(template: str, **values: Any) -> InvalidInput:
    """The 422 for a file that cannot be imported at all, raised before anything is written."""
    return InvalidInput([worded("file", template, **values)])


class WordedConflict(Conflict):
    """A 409 whose message the web page can translate (``problem`` holds the template)."""

    def __init__(self, template: str, **values: Any) -> None:
        self.problem = worded("file", template, **values)
        super().__init__(self.problem.reason)


class ImportBusy(WordedConflict):
    """Another import of the tenant is running (409): one at a time, whichever process runs it."""

    def __init__(self, *, job_id: int, file_name: str, started_at: datetime | None) -> None:
        self.job_id = job_id
        since = f"{started_at:%Y-%m-%d %H:%M}" if started_at else "?"
        super().__init__(BUSY, job=str(job_id), file=file_name, since=since)


def translated(problem: Problem, gettext: Callable[..., str]) -> str:
    """``problem``'s reason in the page's language when it is worded; else as the catalog has it."""
    if isinstance(problem, Worded):
        return gettext(problem.template, **dict(problem.params))
    return gettext(problem.reason)
