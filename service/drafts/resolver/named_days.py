"""Patterns for days known by name (``Christmas``, ``Thanksgiving``, ``Election Day``) and
years in words (``nineteen ninety-six``, ``the year two thousand``), as broadcast
transcripts write them. A fixed holiday is a month-day without a year, resolved like
``25 December``; a floating one (``Thanksgiving``: the fourth Thursday of November) by its
own rule in ``periods``.
"""

from service.drafts.resolver.tokens import NUMBER_WORDS
from service.drafts.resolver.words import Match, Spec, Words

FIXED_HOLIDAYS = {
    ("christmas", "eve"): (12, 24),
    ("christmas",): (12, 25),
    ("christmas", "day"): (12, 25),
    ("new", "year", "day"): (1, 1),  # "New Year's Day": the possessive is in the token
    ("new", "year", "eve"): (12, 31),
    ("independence", "day"): (7, 4),
    ("halloween",): (10, 31),
    ("valentine", "day"): (2, 14),
}
# (month, weekday Monday=0, which: 1st, 2nd... or -1 for the last)
FLOATING_HOLIDAYS = {
    ("thanksgiving",): (11, 3, 4),
    ("thanksgiving", "day"): (11, 3, 4),
    ("labor", "day"): (9, 0, 1),
    ("memorial", "day"): (5, 0, -1),
    ("election", "day"): (11, 1, 0),  # the Tuesday after the first Monday
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_TENS |= {"seventy": 70, "eighty": 80, "ninety": 90}
_CENTURIES = {"nineteen": 1900, "eighteen": 1800}
_YEAR_CUES = frozenset(["in", "by", "until", "since", "before", "after", "of"])  # not "two
# thousand people"


def holiday(w: Words, i: int) -> Match | None:
    """``Christmas``, ``New Year's Day``, ``Thanksgiving``, ``Election Day``, capitalised."""
    if not w.capitalised(i):
        return None
    for size in (3, 2, 1):
        words = tuple(w[i : i + size])
        if words in FIXED_HOLIDAYS and all(w.capitalised(i + k) for k in range(size)):
            return i + size, Spec("partial_day", "partial", FIXED_HOLIDAYS[words])
        if words in FLOATING_HOLIDAYS and all(w.capitalised(i + k) for k in range(size)):
            return i + size, Spec("holiday", "partial", FLOATING_HOLIDAYS[words])
    return None


def year_in_words(w: Words, i: int) -> Match | None:
    """``nineteen ninety-six``, ``nineteen eighty``, ``in two thousand``, ``the year two
    thousand one``."""
    j = i + 2 if (w[i], w[i + 1]) == ("the", "year") else i
    if w[j] in _CENTURIES:
        tens, _, ones = w[j + 1].partition("-")
        if tens in _TENS and (not ones or 0 < NUMBER_WORDS.get(ones, 0) < 10):
            year = _CENTURIES[w[j]] + _TENS[tens] + (NUMBER_WORDS[ones] if ones else 0)
            return j + 2, Spec("year", "absolute", (year,))
    if (w[j], w[j + 1]) == ("two", "thousand") and (j > i or w[i - 1] in _YEAR_CUES):
        k = j + 3 if w[j + 2] == "and" else j + 2
        ones = NUMBER_WORDS.get(w[k], 0)
        if w[k] not in ("a", "an") and 0 < ones < 20:
            return k + 1, Spec("year", "absolute", (2000 + ones,))
        return j + 2, Spec("year", "absolute", (2000,))
    return None


STARTERS = frozenset(
    [*(name[0] for name in (*FIXED_HOLIDAYS, *FLOATING_HOLIDAYS)), *_CENTURIES, "two", "the"]
)
PATTERNS = (holiday, year_in_words)
