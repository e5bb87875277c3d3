"""The hand-written grammar: which runs of tokens are temporal expressions, and of what sort.

``find_in_sentence(tokens)`` walks a sentence left to right; at each word that can begin an
expression it tries every pattern and keeps the longest match, as a ``Spec``: the rule that
will resolve it (``resolve.RULES``), the expression's kind, and the numbers the rule needs.
Every pattern looks at a bounded number of tokens, so a sentence costs time linear in its
length. The patterns live by what they read: ``calendar_patterns`` (dates the text names),
``relative_patterns`` (dates counted from another, and durations), ``times`` (times of day,
reference words, seasons, sets) and ``named_days`` (holidays); this module only walks the
sentence and keeps the longest match.
"""

from collections.abc import Callable

from service.drafts.resolver import calendar_patterns, named_days, relative_patterns, times
from service.drafts.resolver.tokens import (
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    WEEKDAYS,
    Token,
    clock_unit_of,
    number_of,
    unit_of,
)
from service.drafts.resolver.words import Match, Spec, Words


def find_in_sentence(tokens: list[Token]) -> list[tuple[int, int, Spec]]:
    """Every expression in a sentence's tokens, left to right: (first, after, spec)."""
    words = Words(tokens)
    found = []
    index = 0
    while index < len(tokens):
        starts = _may_start(words[index]) and _may_continue(words, index)
        match = _match_at(words, index) if starts else None
        if match is None:
            index += 1
            continue
        found.append((index, *match))
        index = match[0]
    return found


def _may_start(word: str) -> bool:
    """A cheap test that lets most words skip the patterns: can an expression begin here?"""
    if word in _STARTERS or word[:1].isdigit() or word[:2] in _PREFIXES:
        return True
    if word[:1] == "'":
        return word[1:2].isdigit()  # '70s
    head = word.partition("-")[0]
    return "-" in word and (
        head in _STARTERS or head in calendar_patterns.EDGES or word.endswith("-long")
    )  # twenty-one, mid-1996, day-long


def _may_continue(w: Words, i: int) -> bool:
    """After the commonest starters (``a``, ``the``), a word an expression can go on with."""
    if w[i] not in _WEAK_STARTERS:
        return True
    following = w[i + 1]
    if following in _AFTER_WEAK or following[:1].isdigit() or following[:1] == "'":
        return True
    if unit_of(following) or clock_unit_of(following) or number_of(following) is not None:
        return True
    head = following.partition("-")[0]
    return (
        head in ORDINALS
        or head in NUMBER_WORDS
        or head in calendar_patterns.EDGES
        or following in _PREFIXES
    )


def _match_at(words: Words, index: int) -> Match | None:
    """The longest expression starting at ``words[index]``, or None."""
    best = None
    for pattern in _PATTERNS:
        found = pattern(words, index)
        if found and (best is None or found[0] > best[0]):
            best = found
    return best


_PREFIXES = frozenset(["fy", "q1", "q2", "q3", "q4"])


_WEAK_STARTERS = frozenset(["a", "an", "the"])


_AFTER_WEAK = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        *ORDINALS,
        *calendar_patterns.RELATIVE_OFFSETS,
        *times.SEASON_CODES,
        *("past", "future", "first", "final", "initial", "next", "coming", "following"),
        *("same", "preceding", "fiscal", "day", "early", "late", "mid", "few", "couple"),
        *calendar_patterns.DECADE_WORDS,
        *("weekend", "quarter", "year"),
        *("year-earlier", "year-ago", "full"),
    ]
)


_STARTERS = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        *NUMBER_WORDS,
        *relative_patterns.DAY_WORDS,
        *ORDINALS,
        *times.STARTERS,
        *named_days.STARTERS,
        *("its", "a", "several", "few", "many", "some", "that", *relative_patterns.YEAR_BEFORE),
        *calendar_patterns.RELATIVE_OFFSETS,
        *("the", "since", "so", "recently", "lately", "recent", "earlier", "later", "fiscal"),
        *relative_patterns.CUED_PLURALS,
        "coming",
        *("year", "year-end"),
    ]
)


_PATTERNS: tuple[Callable[[Words, int], Match | None], ...] = (
    calendar_patterns.numeric,
    calendar_patterns.calendar_date,
    calendar_patterns.month_year,
    calendar_patterns.quarter,
    calendar_patterns.period_of_year,
    calendar_patterns.fiscal,
    calendar_patterns.decade,
    relative_patterns.since,
    relative_patterns.so_far,
    relative_patterns.past_count,
    relative_patterns.vague,
    relative_patterns.deictic,
    relative_patterns.counted,
    relative_patterns.anchored,
    calendar_patterns.year,
    calendar_patterns.month_named,
    calendar_patterns.weekday,
    relative_patterns.the_counted,
    relative_patterns.vague_duration,
    *times.PATTERNS,
    *named_days.PATTERNS,
)
