"""The grammar's patterns for dates counted from publication or from another date, and
for durations: ``since 2019``, ``so far this year``, ``the past two years``, ``recently``,
``last week``, ``earlier this year``, ``three years ago``, ``five years``, ``a month
earlier``. Each takes a sentence's ``Words`` and an index and returns a ``Match`` or None,
looking at a bounded number of words.
"""

from service.drafts.resolver import calendar_patterns
from service.drafts.resolver.tokens import (
    MONTHS,
    WEEKDAYS,
    clock_unit_of,
    number_of,
    unit_of,
    year_of,
)
from service.drafts.resolver.words import Match, Spec, Words

DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1}

YEAR_BEFORE = frozenset(["year-earlier", "year-ago"])

# The words before a bare plural unit that make it a duration ("for years", "within weeks").
_CUES = frozenset(["for", "over", "within", "in", "after"])
# Plural units a cue before them makes a duration: words an expression may begin with.
CUED_PLURALS = frozenset(["days", "weeks", "months", "years", "decades", "hours", "minutes"])
_TIMES = frozenset(["once", "twice", "thrice", "times"])
# "eight trading days", "five business days": days counted all the same.
_DAYS_OF_BUSINESS = frozenset(["trading", "business", "working"])


def since(w: Words, i: int) -> Match | None:
    """``since 2019``, ``since March``, ``since 12 January 2020``, ``since last year``."""
    if w[i] != "since":
        return None
    inner = None
    patterns = (
        calendar_patterns.calendar_date,
        calendar_patterns.month_year,
        calendar_patterns.year,
        calendar_patterns.decade,
        deictic,
        calendar_patterns.month_named,
    )
    for pattern in patterns:
        found = pattern(w, i + 1)
        if found and (inner is None or found[0] > inner[0]):
            inner = found
    if inner is None:
        return None
    return inner[0], Spec("since", "span", (inner[1],))


def so_far(w: Words, i: int) -> Match | None:
    if w[i] == "so" and w[i + 1] == "far" and w[i + 2] == "this":
        unit = w[i + 3]
        if unit in ("year", "month", "week"):
            return i + 4, Spec("period_part", "span", (unit, "earlier"))
    return None


def past_count(w: Words, i: int) -> Match | None:
    """``the past two years``, ``the last 12 months``, ``the past decade``, ``past week``."""
    j = i + 1 if w[i] == "the" else i
    if w[j] not in ("past", "last"):
        return None
    if w[j + 1] in ("few", "several"):
        unit = unit_of(w[j + 2])
        return (j + 3, Spec("vague", "vague", ("recent", unit))) if unit else None
    count = number_of(w[j + 1])
    if count is not None and w[j + 1] not in ("a", "an") and (unit := unit_of(w[j + 2])):
        return j + 3, Spec("past", "span", (count, unit))
    unit = unit_of(w[j + 1])
    if unit and j > i and not w[j + 1].endswith("s"):
        return j + 2, Spec("past", "span", (1, unit))
    return None


def vague(w: Words, i: int) -> Match | None:
    """``recently``, ``lately``, ``recent years``, ``the coming weeks``, ``the weeks
    ahead``."""
    if w[i] in ("recently", "lately") and w[i - 1] != "most":
        return i + 1, Spec("vague", "vague", ("recent", None))
    if w[i] == "recent" and (unit := unit_of(w[i + 1])) and w[i + 1].endswith("s"):
        return i + 2, Spec("vague", "vague", ("recent", unit))
    if w[i] == "the" and w[i + 1] == "coming" and (unit := unit_of(w[i + 2])):
        return i + 3, Spec("vague", "vague", ("coming", unit))
    ahead = w[i + 2] == "ahead" and w[i + 1].endswith("s")
    if w[i] == "the" and ahead and (unit := unit_of(w[i + 1])):  # the weeks ahead
        return i + 3, Spec("vague", "vague", ("coming", unit))
    plural = w[i + 1].endswith("s")
    if w[i] == "coming" and w[i - 1] in _CUES and plural and (unit := unit_of(w[i + 1])):
        return i + 2, Spec("vague", "vague", ("coming", unit))  # in coming weeks
    return None


def deictic(w: Words, i: int) -> Match | None:
    """``yesterday``, ``last week``, ``next month``, ``last Friday``, ``earlier this year``."""
    word = w[i]
    if word in DAY_WORDS:
        return i + 1, Spec("day_offset", "deictic", (DAY_WORDS[word],))
    day_beside = w[i + 2] in ("before", "after") and w[i + 3] in ("yesterday", "tomorrow")
    if word == "the" and w[i + 1] == "day" and day_beside:
        return i + 4, Spec("day_offset", "deictic", (-2 if w[i + 3] == "yesterday" else 2,))
    this_period = w[i + 1] == "this" and w[i + 2] in ("year", "month", "week")
    if word in ("earlier", "later") and this_period:
        return i + 3, Spec("period_part", "deictic", (w[i + 2], word))
    if word in ("last", "this", "next"):
        return _after_last_this_next(w, i, calendar_patterns.RELATIVE_OFFSETS[word])
    if word == "the" and w[i + 1] == "weekend":
        coming = w[i - 1] in ("before", "for") or (w[i - 1], w[i - 2]) == ("of", "ahead")
        return i + 2, Spec("weekend", "deictic", (coming,))
    if word == "the" and w[i + 1] == "quarter":
        return i + 2, Spec("quarter_focus", "partial")
    if word == "the" and w[i + 1] == "latest" and w[i + 2] == "period":  # earnings reports
        return i + 3, Spec("quarter_focus", "partial")
    if word == "the" and (w[i + 1] == "year" or (w[i + 1] in _WHOLE and w[i + 2] == "year")):
        return _the_year(w, i)
    if w[i - 1] in _BY_YEAR_END and (word == "year-end" or (word, w[i + 1]) == ("year", "end")):
        return i + (1 if word == "year-end" else 2), Spec("year_end", "deictic")
    if word in YEAR_BEFORE and w[i + 1] in ("quarter", "period"):
        return i + 2, Spec("ago", "duration-anchored", (1, "year"))
    if word == "the" and w[i + 1] in YEAR_BEFORE and w[i + 2] in ("quarter", "period"):
        return i + 3, Spec("ago", "duration-anchored", (1, "year"))
    if word in YEAR_BEFORE:
        return i + 1, Spec("ago", "duration-anchored", (1, "year"))
    return None


_WHOLE = frozenset(["full", "fiscal"])
# Words before "year end" that make it the end of the year of publication ("by year end").
_BY_YEAR_END = frozenset(["by", "around", "at", "until", "till", "before", "toward", "towards"])


def _the_year(w: Words, i: int) -> Match | None:
    """``the year ended Sept. 30``, ``the fiscal year ended Jan. 31``: a year's length;
    ``for the year``, ``for the full year``, ``throughout the fiscal year`` (a report's own
    year): the year of publication."""
    j = i + 2 if w[i + 1] in _WHOLE else i + 1  # at "year"
    if w[j + 1] in ("ended", "ending"):
        return j + 1, Spec("duration", "duration", (1, "year", None))
    if year_of(w[j + 1]) is not None:  # "for the year 1990": the year it names
        return None
    if w[i - 1] in ("for", "of", "during", "throughout") and (j > i + 1 or not w[j + 1].isalpha()):
        return j + 1, Spec("calendar_offset", "deictic", ("year", 0))
    return None


def _after_last_this_next(w: Words, i: int, offset: int) -> Match | None:
    following = w[i + 1]
    if following in ("week", "weekend", "month", "year"):
        return i + 2, Spec("calendar_offset", "deictic", (following, offset))
    if following in WEEKDAYS and w.capitalised(i + 1):
        return i + 2, Spec("weekday", "partial", (WEEKDAYS[following], offset))
    if following in MONTHS and w.capitalised(i + 1) and len(following) > 3:
        return i + 2, Spec("month_named", "partial", (MONTHS[following], offset))
    if following == "quarter":
        return i + 2, Spec("quarter_rel", "deictic", (offset,))
    return None


def counted(w: Words, i: int) -> Match | None:
    """``two weeks ago``; ``two years later`` (anchored); ``two weeks``, ``for 16 hours``,
    ``a two-year term``, ``30-year bonds``; ``nine months after`` (counted from a date);
    ``two more weeks``; ``2 1/2 years`` (a count of ``2.5``); not an age, ``52 years old``."""
    if number_of(w[i]) is None:
        return _hyphenated(w, i)
    count = number_of(w[i])
    k = i + 2 if w[i + 1] in ("-", "more") else i + 1
    k += 1 if w[k] in _DAYS_OF_BUSINESS and unit_of(w[k + 1]) == "day" else 0
    if w[i + 1] == "1/2" and w[i] not in ("a", "an"):
        count, k = f"{count}.5", i + 2
    unit = unit_of(w[k])
    clock = None if unit else clock_unit_of(w[k])
    if (unit or clock) is None or _not_a_count(w, i, k):
        return None
    after = w[k + 1]
    if after == "old":  # an age ("52 years old"), no time an event takes or happened at
        return None
    if unit and after == "ago":
        return k + 2, Spec("ago", "duration-anchored", (count, unit))
    if unit and after in ("later", "earlier"):
        return k + 2, Spec("anchored", "anchored", (count if after == "later" else -count, unit))
    if isinstance(count, str):
        return k + 1, Spec("duration", "duration", (count, unit or clock, None))
    cue = after if after in ("before", "after") else w[i - 1]
    return k + 1, Spec("duration", "duration", (count, unit or clock, cue))


def _not_a_count(w: Words, i: int, k: int) -> bool:
    """``a days``, ``a second time``, ``twice a year`` (a set), ``per week``."""
    article = w[i] in ("a", "an", "one")
    if article and (w[k].endswith("s") or w[k] == "second"):
        return True
    return w[i - 1] in ("per", "every", "each") or (article and w[i - 1] in _TIMES)


def _hyphenated(w: Words, i: int) -> Match | None:
    """``two-year``, ``five-hour``, ``two-week-long``: a duration used as an adjective;
    ``day-long`` (one), ``decades-long`` and ``several-year`` (of unknown count)."""
    head, _, tail = w[i].removesuffix("-long").partition("-")
    if w[i].endswith("-long") and not tail:
        head, tail = "a" if not head.endswith("s") else "several", head
    count = number_of(head) if tail else None
    if count is None and head in ("several", "many", "few"):
        count, tail = "X", tail.removesuffix("s")
    unit = unit_of(tail) or clock_unit_of(tail)
    if count is None or unit is None or tail.endswith("s"):
        return None
    return i + 1, Spec("duration", "duration", (count, unit, None))


def the_counted(w: Words, i: int) -> Match | None:
    """``the nine months``, ``the first nine months``, ``the next two years`` (from
    publication), ``the latest nine months``."""
    if w[i] != "the":
        return None
    j = i + 2 if w[i + 1] in ("first", "latest", "final", "initial", "next", "coming") else i + 1
    if (w[j], w[j + 1]) == ("couple", "of"):  # the next couple of years
        count, j = 2, j + 1
    else:
        count = number_of(w[j]) if w[j] not in ("a", "an") else None
    unit = unit_of(w[j + 1]) if count is not None else None
    if unit is None:
        return None
    if w[i + 1] in ("next", "coming"):
        return j + 2, Spec("next_span", "span", (count, unit))
    return j + 2, Spec("duration", "duration", (count, unit, None))


def vague_duration(w: Words, i: int) -> Match | None:
    """``several years``, ``a few days``, ``many months``, ``for years``, ``decades``."""
    j = i + 1 if w[i] == "a" and w[i + 1] in ("few", "couple") else i
    if w[j] in ("few", "several", "many", "some", "couple"):
        count = 2 if w[j] == "couple" else "X"  # a couple of years: two
        j += 2 if w[j + 1] == "of" else 1
        unit = unit_of(w[j]) or clock_unit_of(w[j])
        if unit and w[j].endswith("s") and w[i - 1] not in ("the", "past", "last"):
            return j + 1, Spec("duration", "duration", (count, unit, None))
        return None
    unit = unit_of(w[i]) or clock_unit_of(w[i])
    cued = w[i - 1] in _CUES
    if unit and w[i].endswith("s") and cued and w[i + 1] not in ("ago", "of", "past"):
        return i + 1, Spec("duration", "duration", ("X", unit, None))
    return None


def anchored(w: Words, i: int) -> Match | None:
    """``the following year``, ``the previous month``, ``the year before``, ``the same day``,
    ``that year``: counted from a date earlier in the sentence."""
    if w[i] not in ("the", "that"):
        return None
    if w[i] == "that" and w[i + 1] in ("year", "month", "day", "week"):
        return i + 2, Spec("anchored", "anchored", (0, w[i + 1]))
    if w[i + 1] == "day" and w[i - 1] in ("on", "during") and w[i + 2] not in ("before", "after"):
        return i + 2, Spec("anchored", "anchored", (0, "day"))  # on the day
    steps = {"following": 1, "previous": -1, "next": 1, "same": 0, "preceding": -1}
    if w[i + 1] in steps and w[i + 2] in ("year", "month", "day", "week"):
        return i + 3, Spec("anchored", "anchored", (steps[w[i + 1]], w[i + 2]))
    if w[i + 1] in ("year", "month") and w[i + 2] in ("before", "after"):
        return i + 3, Spec("anchored", "anchored", (1 if w[i + 2] == "after" else -1, w[i + 1]))
    return None
