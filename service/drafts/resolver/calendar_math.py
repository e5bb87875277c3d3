"""Day, week, month and year arithmetic on ``datetime.date``, clamped to real days."""

import calendar
from datetime import date, timedelta

MONTH_NAMES = tuple(calendar.month_name)  # English whatever the locale
WEEKDAY_NAMES = tuple(calendar.day_name)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; 31 March minus a month is 29 (or 28) February."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_edtf(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def days(count: int) -> timedelta:
    return timedelta(days=count)
