"""Which stored birthdays fall on a given day, as conditions for one SQL statement.

Rather than converting every customer's birthday (100,000 lunar conversions a day), we ask the
calendar the other way round: which lunar (month, day, leap) and solar (month, day) birthdays land
on ``on``?  The answer is a handful of tuples the database matches in one scan.  The rules for
missing leap months, day 30 and 29 February are those of ``core.lunar``, whose functions decide
every candidate; we only narrow the candidates first, because a lunar conversion is slow (tens of
milliseconds), so trying all 720 lunar birthdays would take half a minute.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Solar
from sqlalchemy import ColumnElement, and_, extract, false, or_, tuple_
from sqlmodel import col

from core.lunar import next_lunar_birthday, next_solar_birthday
from core.models import Customer


@lru_cache(maxsize=64)
def lunar_birthdays_on(on: date) -> tuple[tuple[int, int, bool], ...]:
    """Lunar (month, day, leap) birthdays celebrated on the solar date ``on``.

    A birthday lands on ``on`` only in ``on``'s lunar month, on its day, or, when that day is the
    29th and last of the month, as a 30th that month lacks; leap or not, either flag may apply
    (a leap birthday falls back to the regular month in years without that leap month).
    """
    lunar = Solar.fromYmd(on.year, on.month, on.day).getLunar()
    month, day = abs(lunar.getMonth()), lunar.getDay()
    days = (day, 30) if day == 29 else (day,)
    return tuple(
        (month, candidate, leap)
        for candidate in days
        for leap in (False, True)
        if next_lunar_birthday(month, candidate, leap, on) == on
    )


@lru_cache(maxsize=64)
def solar_birthdays_on(on: date) -> tuple[tuple[int, int], ...]:
    """Solar (month, day) birthdays celebrated on ``on`` (29 February shows on 28 February)."""
    found = []
    day = date(2000, 1, 1)  # a leap year, so every (month, day) occurs
    while day.year == 2000:
        if next_solar_birthday(day, on) == on:
            found.append((day.month, day.day))
        day += timedelta(days=1)
    return tuple(found)


def birthday_on(on: date) -> ColumnElement[bool]:
    """Customers whose birthday (solar or lunar, as they recorded it) is on ``on``."""
    solar = solar_birthdays_on(on)
    lunar = lunar_birthdays_on(on)
    solar_match = (
        and_(
            col(Customer.birthday_lunar).is_(False),
            col(Customer.birthday).is_not(None),
            tuple_(extract("month", col(Customer.birthday)), extract("day", col(Customer.birthday))).in_(
                solar
            ),
        )
        if solar
        else false()
    )
    lunar_match = (
        and_(
            col(Customer.birthday_lunar).is_(True),
            tuple_(Customer.lunar_birth_month, Customer.lunar_birth_day, Customer.lunar_birth_leap).in_(
                lunar
            ),
        )
        if lunar
        else false()
    )
    return or_(solar_match, lunar_match)
