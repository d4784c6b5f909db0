"""Calendar days in SQL that mean the same on SQLite and PostgreSQL, in the tenant's time zone;
and fetched rows turned into numpy arrays quickly.

Purchases are counted per local calendar day (two tills on one afternoon are one visit), so the
day boundary must be the shop's midnight, not UTC's: 23:30 in Shanghai is still "today".  The
tenant's UTC offset at ``as_of`` is applied as a bound number of seconds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import chain
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import text
from sqlmodel import Session

SECONDS_PER_DAY = 86_400


def utc_offset_seconds(timezone: str, at: datetime) -> int:
    offset = at.astimezone(ZoneInfo(timezone)).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def day_number(at: datetime, offset_seconds: int) -> int:
    """Local calendar day of ``at`` as days since 1970-01-01 (the same numbering as :func:`day_sql`)."""
    return math.floor((at.astimezone(UTC).timestamp() + offset_seconds) / SECONDS_PER_DAY)


def day_sql(session: Session, column: str) -> str:
    """SQL for the local day number of a UTC timestamp ``column``; needs the ``:offset`` parameter."""
    if session.get_bind().dialect.name == "postgresql":
        return f"CAST(FLOOR((EXTRACT(EPOCH FROM {column}) + :offset) / 86400) AS INTEGER)"
    # SQLite stores naive UTC text; julianday() reads it and 2440587.5 is the Julian day of the
    # epoch.  CAST truncates, which is FLOOR for any date after 1970 (FLOOR is optional in SQLite).
    return f"CAST(julianday({column}) - 2440587.5 + :offset / 86400.0 AS INTEGER)"


def bind_time(session: Session, at: datetime) -> datetime | str:
    """``at`` as the driver compares it with stored timestamps (SQLite keeps naive UTC text)."""
    utc = at.astimezone(UTC)
    if session.get_bind().dialect.name == "postgresql":
        return utc
    return utc.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's SQLite storage format


def fetch_array(
    session: Session,
    sql: str,
    params: dict[str, Any],
    width: int,
    dtype: Any,
) -> np.ndarray:
    """Run ``sql`` and return its rows as an (n, width) array, read straight off the driver's
    cursor: building a SQLAlchemy ``Row`` per row costs more than the query for large results."""
    result = session.execute(text(sql), params)
    cursor = getattr(result, "cursor", None)
    rows = cursor.fetchall() if cursor is not None else result.all()
    result.close()
    return rows_to_array(rows, width, dtype)


def rows_to_array(rows: Sequence[Any], width: int, dtype: Any) -> np.ndarray:
    """Fetched rows as an (n, width) array.  ``np.array(rows)`` would probe every SQLAlchemy row
    for the array protocols (a failed key lookup each, ~10x slower); a flat iterator avoids it."""
    flat = np.fromiter(chain.from_iterable(rows), dtype=dtype, count=len(rows) * width)
    return flat.reshape(-1, width)
