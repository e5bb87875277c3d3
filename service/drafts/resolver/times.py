"""Patterns for what an EDTF day cannot say: times of day, clock times, seasons, sets, and
the reference words ``now``, ``the past``, ``the future``.

Each pattern looks at a bounded number of tokens, as the date patterns in ``grammar`` do.
A time of day or a clock time keeps the ``Spec`` of its day (``Sunday night``: the weekday
rule), so the day is resolved by the same rules as a date and then given its TIMEX3 time.
"""

import re

from service.drafts.resolver.tokens import MONTHS, WEEKDAYS, unit_of
from service.drafts.resolver.words import Match, Spec, Words

# TIMEX3 codes of the parts of a day and of the seasons.
PARTS_OF_DAY = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "tonight": "NI",
    "daytime": "DT",
}
CLOCK_WORDS = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}
SEASON_CODES = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}
_PRESENT = frozenset(["now", "currently", "nowadays", "presently"])
_SET_WORDS = {
    "hourly": "PT1H",
    "daily": "P1D",
    "nightly": "XXXX-XX-XXTNI",
    "weekly": "P1W",
    "monthly": "P1M",
    "yearly": "P1Y",
    "annually": "P1Y",
}
_SET_UNITS = {"hour": "PT1H", "day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y"}
_CLOCK = re.compile(r"([01]?\d|2[0-3])(?::|\.)([0-5]\d)", re.ASCII)
_NUMERIC_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_HOUR = re.compile(r"(1[0-2]|0?[1-9])(am|pm)?", re.ASCII)
_TIME_ZONES = frozenset(["est", "edt", "cst", "cdt", "pst", "pdt", "gmt", "utc", "bst", "cet"])
_DATELINE_TOKENS = 16  # a dotted clock time (16.41) is read only in a line this short
_ENDS_IN_YEAR = re.compile(r"(?:.*[^\d.])?(?:1\d{3}|20\d{2})", re.ASCII)  # 1989, 04/08/2024
_CURRENCY = frozenset(["$", "£", "€", "¥"])
_HOURS_RECURRING = frozenset(["every", "each"])
_RELATIVE = {"last": -1, "this": 0, "next": 1}


def reference(w: Words, i: int) -> Match | None:
    """``now``, ``currently``, ``these days``; ``the past``, ``previously``, ``recent`` talks;
    ``the future``, ``soon``. Not ``previously`` nor ``quarterly`` (mostly "a quarterly
    dividend"): on TimeBank they were wrong more often than right."""
    word = w[i]
    if word == "now" and (w[i + 1] == "," or w[i - 1] in ("until", "from", "till")):
        return None  # "Now, he says" (a discourse word), "until now" (a span TimeBank skips)
    if word in _PRESENT or (word == "right" and w[i + 1] == "now"):
        after = i + 2 if word == "right" else i + 1
        return after, Spec("reference", "deictic", ("PRESENT",))
    if word == "these" and w[i + 1] == "days":
        return i + 2, Spec("reference", "deictic", ("PRESENT",))
    if word == "the" and w[i + 1] in ("past", "future") and _ends_phrase(w, i + 2):
        which = "PAST" if w[i + 1] == "past" else "FUTURE"
        return i + 2, Spec("reference", "vague", (which,))
    if word == "soon" and w[i - 1] not in ("as", "too", "how"):
        return i + 1, Spec("reference", "vague", ("FUTURE",))
    if word == "recent" and w[i + 1].isalpha() and unit_of(w[i + 1]) is None:
        return i + 1, Spec("reference", "vague", ("PAST",))
    if word == "current" and _current_state(w[i + 1]):
        return i + 1, Spec("reference", "deictic", ("PRESENT",))
    return None


def _current_state(following: str) -> bool:
    """``the current weakness``: not ``current account``, nor a period (``current
    quarter``, ``current fiscal year``, which other patterns read)."""
    if not following.isalpha() or following in _NOT_AFTER_CURRENT or unit_of(following):
        return False
    return following not in ("quarter", "fiscal", "period", "season")


_NOT_AFTER_CURRENT = frozenset(["account", "accounts", "affairs", "events", "prices", "dollars"])


def _ends_phrase(w: Words, i: int) -> bool:
    """``the past`` alone, not ``the past two years`` nor ``the past week``."""
    return (
        unit_of(w[i]) is None
        and w[i] not in ("few", "several", "couple")
        and not (w[i][:1].isdigit())
    )


def time_of_day(w: Words, i: int) -> Match | None:
    """``this morning``, ``last night``, ``tonight``, ``yesterday evening``, ``Sunday night``,
    ``Friday morning``, ``noon``, ``midnight``."""
    word = w[i]
    if word in CLOCK_WORDS:
        return i + 1, Spec("time", "unsupported", (Spec("day_offset", "deictic", (0,)), word))
    if word == "tonight" or word == "overnight":
        return i + 1, Spec("time", "unsupported", (Spec("day_offset", "deictic", (0,)), word))
    part = w[i + 1]
    if part not in PARTS_OF_DAY:
        return None
    if word in _DAY_WORDS:
        day = Spec("day_offset", "deictic", (_DAY_WORDS[word],))
    elif word == "this":
        day = Spec("day_offset", "deictic", (0,))
    elif word == "last" and part in ("night", "evening"):
        day = Spec("day_offset", "deictic", (-1,))
    elif word == "next":
        day = Spec("day_offset", "deictic", (1,))
    elif word in WEEKDAYS and w.capitalised(i):
        day = Spec("weekday", "partial", (WEEKDAYS[word], None))
    else:
        return None
    return i + 2, Spec("time", "unsupported", (day, part))


def clock(w: Words, i: int) -> Match | None:
    """``8 PM``, ``10 p.m.``, ``10:35 a.m.``, ``20:00``, and ``16.41`` in a short dateline;
    a weekday or day word just after (``10 p.m. Tuesday``) gives the day."""
    word = w[i]
    after, meridiem = _meridiem(w, i + 1)
    if found := _CLOCK.fullmatch(word):
        hour, minute = int(found.group(1)), int(found.group(2))
        dotted = "." in word
        if dotted and meridiem is None and (w[i - 1] in _CURRENCY or not _dateline(w)):
            return None
    elif (found := _HOUR.fullmatch(word)) and (found.group(2) or meridiem):
        hour, minute = int(found.group(1)), 0
        meridiem = meridiem or found.group(2)
    else:
        return None
    if meridiem:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    after += 1 if w[after] in _TIME_ZONES else 0
    day, after = _day_after(w, after)
    day = _day_before(w, i) or day
    return after, Spec("time", "unsupported", (day, f"{hour:02d}:{minute:02d}"))


def _dateline(w: Words) -> bool:
    """A short line holding a month name or a year: where ``16.41`` is a time."""
    if w.length > _DATELINE_TOKENS:
        return False
    return any(word in MONTHS or _ENDS_IN_YEAR.fullmatch(word) for word in w[: w.length])


def _meridiem(w: Words, i: int) -> tuple[int, str | None]:
    """``am``/``pm``/``a.m.``/``p.m`` at ``w[i]``: (index after it, "am" or "pm"), or none."""
    if w[i] in ("am", "pm"):
        return i + 1, w[i]
    if w[i] in ("a", "p") and w[i + 1] == "." and w[i + 2] == "m":
        return (i + 4 if w[i + 3] == "." else i + 3), w[i] + "m"
    return i, None


def _day_before(w: Words, i: int) -> Spec | None:
    """The slashed or ISO date just before a clock time (``13/06/2008, 13:50``)."""
    before = w[i - 2] if w[i - 1] == "," and i >= 2 else w[i - 1] if i >= 1 else ""
    if found := _NUMERIC_DAY.fullmatch(before):
        return Spec("numeric", "numeric", tuple(map(int, found.groups())))
    if found := _ISO_DAY.fullmatch(before):
        return Spec("day", "numeric", tuple(map(int, found.groups())))
    return None


def _day_after(w: Words, i: int) -> tuple[Spec, int]:
    if w[i] in ("yesterday", "today", "tomorrow"):
        return Spec("day_offset", "deictic", (_DAY_WORDS[w[i]],)), i + 1
    if w[i] in WEEKDAYS and w.capitalised(i):
        return Spec("weekday", "partial", (WEEKDAYS[w[i]], None)), i + 1
    return Spec("day_offset", "deictic", (0,)), i


def season(w: Words, i: int) -> Match | None:
    """``last fall``, ``this summer``, ``next spring``, ``in the summer``, ``the early
    summer``, ``spring 2022``, ``the winter of 2022``, ``this past spring``."""
    j, offset = i, None
    if w[j] in _RELATIVE:
        offset, j = _RELATIVE[w[j]], j + 1
        if offset == 0 and w[j] == "past":
            offset, j = -1, j + 1
    elif w[j] == "the":
        j += 1
    j += 1 if w[j] in ("early", "late", "mid") else 0
    if w[j] not in SEASON_CODES:
        return None
    code = SEASON_CODES[w[j]]
    year = _year_next(w, j)
    if year is not None:
        return (j + 3 if w[j + 1] == "of" else j + 2), Spec("season", "unsupported", (code, year))
    if offset is None and w[i - 1] not in _SEASON_CUES:
        return None  # "prices fall", "a hot spring"
    return j + 1, Spec("season_rel", "unsupported", (code, offset))


_SEASON_CUES = frozenset(["in", "during", "by", "until", "over", "since", "through", "late"])


def _year_next(w: Words, j: int) -> int | None:
    k = j + 2 if w[j + 1] == "of" else j + 1
    word = w[k]
    if len(word) == 4 and word.isascii() and word.isdigit() and 1000 <= int(word) <= 2199:
        return int(word)
    return None


def recurring(w: Words, i: int) -> Match | None:
    """``weekly``, ``daily``, ``every morning``, ``each Thursday``, ``each July``, ``each
    season``, ``every day``, ``twice a year``, ``per week``."""
    word = w[i]
    if word in _SET_WORDS:
        return i + 1, Spec("set", "unsupported", (_SET_WORDS[word],))
    following = w[i + 1]
    if word in _HOURS_RECURRING:
        if following in PARTS_OF_DAY:
            return i + 2, Spec("set", "unsupported", (f"XXXX-XX-XXT{PARTS_OF_DAY[following]}",))
        if following in WEEKDAYS:
            return i + 2, Spec("set", "unsupported", (f"XXXX-WXX-{WEEKDAYS[following] + 1}",))
        if following in MONTHS and w.capitalised(i + 1):
            return i + 2, Spec("set", "unsupported", (f"XXXX-{MONTHS[following]:02d}",))
        if following in SEASON_CODES:
            return i + 2, Spec("set", "unsupported", (f"XXXX-{SEASON_CODES[following]}",))
        if following == "season":
            return i + 2, Spec("set", "unsupported", ("P3M",))
        if following in _SET_UNITS:
            return i + 2, Spec("set", "unsupported", (_SET_UNITS[following],))
    counted = word == "per" or (word == "a" and w[i - 1] in ("once", "twice", "thrice", "times"))
    if counted and following in _SET_UNITS:
        return i + 2, Spec("set", "unsupported", (_SET_UNITS[following],))
    return None


STARTERS = frozenset(
    [
        *_PRESENT,
        *CLOCK_WORDS,
        *_DAY_WORDS,
        *SEASON_CODES,
        *_SET_WORDS,
        *WEEKDAYS,
        *_HOURS_RECURRING,
        *("right", "these", "the", "soon", "recent", "current", "this"),
        *("last", "next", "a", "per", "overnight"),
    ]
)
PATTERNS = (reference, time_of_day, clock, season, recurring)
