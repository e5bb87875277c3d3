"""The TIMEX3 type and value of an expression (TimeML), beside its EDTF date.

TIMEX3 can say what EDTF as the service stores it cannot (a duration ``P5Y``, a set ``P1W``,
a time of day ``2024-04-08T20:00``, ``PRESENT_REF``, a season ``2024-SU``, a quarter
``2024-Q3``), and TimeML tools read it. ``timex_of(spec, edtf)`` gives ``(type, value)``
from the grammar's ``Spec`` and the EDTF date it resolved to (``None`` if it did not); a
value TimeML cannot pin down keeps ``X`` for what is unknown (``XXXX-XX-XX``).
"""

from collections.abc import Callable
from datetime import date

from service.drafts.resolver.words import Spec

DATE = "DATE"
TIME = "TIME"
DURATION = "DURATION"
SET = "SET"
TIMEX_TYPES = (DATE, TIME, DURATION, SET)
UNKNOWN_DAY = "XXXX-XX-XX"
_UNIT_LETTERS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE"}
_CLOCK_LETTERS = {"hour": "H", "minute": "M", "second": "S"}


def timex_of(spec: Spec, edtf: str | None) -> tuple[str, str]:
    """The TIMEX3 ``(type, value)`` of an expression resolved (or not) to ``edtf``."""
    by_rule = _BY_RULE.get(spec.rule)
    if by_rule is not None:
        return by_rule(spec, edtf)
    if edtf and "/" in edtf and len(edtf) == 15:  # months, as a quarter a year ago
        return _months(spec, edtf)
    return DATE, plain_value(edtf) if edtf else UNKNOWN_DAY


def plain_value(edtf: str) -> str:
    """The TIMEX3 value of an EDTF date: its first day's precision, qualifiers dropped."""
    return edtf.split("/")[0].rstrip("~?%")


def duration_value(count: int | str, unit: str) -> str:
    """``P5Y``, ``P2W``, ``PT16H``, ``PXM`` (an unknown count), ``P2Y6M`` (a count of
    ``2.5``): an ISO 8601 duration."""
    if isinstance(count, str) and count.endswith(".5"):
        return _and_a_half(int(count[:-2]), unit)
    if unit in _CLOCK_LETTERS:
        return f"PT{count}{_CLOCK_LETTERS[unit]}"
    letter = _UNIT_LETTERS[unit]
    if letter == "DE":
        return f"P{count * 10 if isinstance(count, int) else count}Y"
    return f"P{count}{letter}"


# Half of each unit in the next smaller one, as TimeBank writes "2 1/2 years" (P2Y6M).
_HALVES = {
    "decade": ("Y", "5Y"),
    "year": ("Y", "6M"),
    "month": ("M", "15D"),
    "week": ("W", "3DT12H"),
    "day": ("D", "T12H"),
    "hour": ("H", "30M"),
    "minute": ("M", "30S"),
    "second": ("S", ""),
}


def _and_a_half(whole: int, unit: str) -> str:
    """``2 1/2 years``: P2Y6M; ``5 1/2 hours``: PT5H30M."""
    letter, half = _HALVES[unit]
    if unit == "decade":
        return f"P{whole * 10 + 5}Y"
    if unit == "second":
        return f"PT{whole}.5S"
    if unit == "week":  # ISO 8601 mixes no weeks with days
        return f"P{whole * 7 + 3}DT12H"
    clock = "T" if unit in _CLOCK_LETTERS else ""
    return f"P{clock}{whole}{letter}{half}"


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _start(edtf: str) -> date:
    return date.fromisoformat(plain_value(edtf))


def _months(spec: Spec, edtf: str | None) -> tuple[str, str]:
    """A quarter ``2024-Q3`` or a half ``2024-H1`` from its EDTF months ``2024-07/2024-09``."""
    if edtf is None:
        return DATE, "XXXX-QX"
    first, last = (part.rstrip("~?%") for part in edtf.split("/"))
    start, end = int(first[5:7]), int(last[5:7])
    part = f"Q{(start - 1) // 3 + 1}" if end - start == 2 else f"H{(start - 1) // 6 + 1}"
    return DATE, f"{first[:4]}-{part}"


def _fiscal(spec: Spec, edtf: str | None) -> tuple[str, str]:
    """A fiscal year is valued by its number, as TimeBank does (``fiscal 1989``: 1989)."""
    if edtf is None:
        return DATE, "XXXX"
    return DATE, edtf.split("/")[1][:4]


def _decade(spec: Spec, edtf: str | None) -> tuple[str, str]:
    """``199`` for the 1990s, ``19`` for the 20th century: TimeML 1.2's values, the year's
    leading digits, where EDTF writes ``199X`` and ``19XX``."""
    return DATE, edtf.rstrip("X") if edtf else "XXXX"


def _year_end(spec: Spec, edtf: str | None) -> tuple[str, str]:
    """``by year end``: the year, as TimeML values it (the end goes in ``mod``, not here)."""
    return DATE, edtf[:4] if edtf else "XXXX"


def _weekend(spec: Spec, edtf: str | None) -> tuple[str, str]:
    return DATE, f"{week_value(_start(edtf))}-WE" if edtf else "XXXX-WXX-WE"


def _calendar_offset(spec: Spec, edtf: str | None) -> tuple[str, str]:
    unit = spec.args[0]
    if edtf is None or unit in ("year", "month"):
        return timex_of(Spec("day", spec.kind), edtf)
    week = week_value(_start(edtf))
    return DATE, f"{week}-WE" if unit == "weekend" else week


def _period_part(spec: Spec, edtf: str | None) -> tuple[str, str]:
    if edtf is None:
        return DATE, UNKNOWN_DAY
    unit, side = spec.args
    day = date.fromisoformat(edtf.split("/")[1 if side == "earlier" else 0])
    if unit == "year":
        return DATE, f"{day.year:04d}"
    if unit == "month":
        return DATE, f"{day.year:04d}-{day.month:02d}"
    return DATE, week_value(day)


def _since(spec: Spec, edtf: str | None) -> tuple[str, str]:
    (inner,) = spec.args
    return timex_of(inner, edtf.split("/")[0] if edtf else None)


def _duration(spec: Spec, edtf: str | None) -> tuple[str, str]:
    """A duration keeps its TIMEX3 duration even where its sentence anchors it to a date."""
    count, unit = spec.args[:2]
    return DURATION, duration_value(count, unit)


def _reference(spec: Spec, edtf: str | None) -> tuple[str, str]:
    return DATE, f"{spec.args[0]}_REF"


def _set(spec: Spec, edtf: str | None) -> tuple[str, str]:
    return SET, spec.args[0]


def _past(spec: Spec, edtf: str | None) -> tuple[str, str]:
    count, unit = spec.args
    return DURATION, duration_value(count, unit)


def _vague(spec: Spec, edtf: str | None) -> tuple[str, str]:
    """``recently``, ``recent years``, ``recent days``: PAST_REF; ``recent months``, ``the
    coming years``: a duration of unknown length (PXM, PXY); as TimeBank mostly marks them."""
    direction, unit = spec.args
    if unit is not None and not (direction == "recent" and unit in ("year", "day")):
        return DURATION, duration_value("X", unit)
    return DATE, "PAST_REF" if direction == "recent" else "FUTURE_REF"


def _numeric(spec: Spec, edtf: str | None) -> tuple[str, str]:
    if edtf:
        return DATE, plain_value(edtf)
    return DATE, f"{spec.args[2]:04d}-XX-XX"


_BY_RULE: dict[str, Callable[[Spec, str | None], tuple[str, str]]] = {
    "months": _months,
    "fiscal": _fiscal,
    "fiscal_rel": _fiscal,
    "decade": _decade,
    "decade_named": _decade,
    "century": _decade,
    "calendar_offset": _calendar_offset,
    "period_part": _period_part,
    "since": _since,
    "past": _past,
    "duration": _duration,
    "next_span": _duration,
    "reference": _reference,
    "set": _set,
    "quarter_in_year": _months,
    "quarter_rel": _months,
    "quarter_focus": _months,
    "weekend": _weekend,
    "year_end": _year_end,
    "vague": _vague,
    "numeric": _numeric,
}
