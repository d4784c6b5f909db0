"""An instalment's status and the ageing buckets, computed the same way in Python and in SQL.

Status, in order of precedence: ``written_off`` (a manager gave up on it), ``paid`` (nothing
open), ``overdue`` (open after its due date), ``partly_paid`` (some paid, not yet due), ``due``.
Ageing puts the open amount of every instalment in one bucket by days past its due date:
``current`` (not yet due), ``1_30``, ``31_60``, ``61_90`` and ``90_plus``.  The SQL form compares
the due date with bound cut-off dates, so no dialect's date arithmetic is needed.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import case
from sqlmodel import col

from core.collections.models import CollectionInstalment


class Status(StrEnum):
    due = "due"
    partly_paid = "partly_paid"
    paid = "paid"
    overdue = "overdue"
    written_off = "written_off"


#: Bucket keys in display order, with their upper bound in days past due (None: open-ended).
BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("current", 0),
    ("1_30", 30),
    ("31_60", 60),
    ("61_90", 90),
    ("90_plus", None),
)


def status_of(instalment: CollectionInstalment, today: date) -> Status:
    if instalment.written_off_at is not None:
        return Status.written_off
    if instalment.paid_amount >= instalment.amount:
        return Status.paid
    if instalment.due_on < today:
        return Status.overdue
    return Status.partly_paid if instalment.paid_amount > 0 else Status.due


def open_amount(instalment: CollectionInstalment) -> Decimal:
    if instalment.written_off_at is not None:
        return Decimal("0.00")
    return instalment.amount - instalment.paid_amount


def bucket_of(due_on: date, today: date) -> str:
    days = (today - due_on).days
    for key, upper in BUCKETS:
        if upper is None or days <= upper:
            return key
    raise AssertionError("the last bucket is open-ended")


def bucket_expression(today: date) -> Any:
    """The bucket key of an instalment row, as a SQL ``CASE`` over bound cut-off dates."""
    due = col(CollectionInstalment.due_on)
    whens = [(due >= today - timedelta(days=upper), key) for key, upper in BUCKETS if upper is not None]
    return case(*whens, else_=BUCKETS[-1][0])


def open_condition() -> Any:
    """Rows that still have money open: not written off, not fully paid."""
    return (col(CollectionInstalment.written_off_at).is_(None)) & (
        col(CollectionInstalment.paid_amount) < col(CollectionInstalment.amount)
    )
