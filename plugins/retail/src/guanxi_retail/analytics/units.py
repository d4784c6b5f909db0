"""Time units for customer-base models, and horizons that always carry their unit.

``lifetimes`` lets a prediction's horizon default to days while the model was fitted on weeks; a
"month" then silently becomes 30 weeks and lifetime values come out several times too high.  Here a
fit stores its unit and every horizon is a :class:`Horizon` converted explicitly into it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TimeUnit = Literal["day", "week", "month"]
TIME_UNITS: tuple[TimeUnit, ...] = ("day", "week", "month")
#: Length of each unit in days; a month is the Gregorian average (365.25 / 12).
DAYS: dict[str, float] = {"day": 1.0, "week": 7.0, "month": 365.25 / 12}


def check_unit(unit: str) -> TimeUnit:
    for known in TIME_UNITS:
        if unit == known:
            return known
    raise ValueError(f"unknown time unit '{unit}'; use one of {', '.join(TIME_UNITS)}")


def convert(amount: float, *, from_unit: str, to_unit: str) -> float:
    """``amount`` of ``from_unit`` expressed in ``to_unit`` (e.g. 1 month = 4.348 weeks)."""
    return amount * DAYS[check_unit(from_unit)] / DAYS[check_unit(to_unit)]


@dataclass(frozen=True)
class Horizon:
    """A span of time ahead: ``amount`` periods of ``unit`` (e.g. 12 months)."""

    amount: int
    unit: TimeUnit

    def __post_init__(self) -> None:
        check_unit(self.unit)
        if not isinstance(self.amount, int) or isinstance(self.amount, bool) or self.amount < 1:
            raise ValueError("a horizon is a whole number of periods, at least 1")

    def period_in(self, unit: str) -> float:
        """The length of one of this horizon's periods in ``unit``."""
        return convert(1.0, from_unit=self.unit, to_unit=unit)
