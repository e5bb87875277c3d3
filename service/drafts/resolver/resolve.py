"""Each grammar rule's resolution: a Spec and its context in, an EDTF date and how out.

``RULES[spec.rule](context, *spec.args)`` returns ``(edtf, how)``, ``how`` being the words
that follow the phrase in ``resolved_from``, or raises ``Unresolvable`` with the reason.
The conventions (weeks from Monday, the margins of vague expressions, US federal fiscal
years) are listed in the README and in ``tests/data/drafts_gold/README.md``.
"""

from functools import lru_cache

from service.core.dates import DateSpan, parse_event_date
from service.drafts.resolver.calendar_rules import CALENDAR_RULES
from service.drafts.resolver.context import Context, Unresolvable
from service.drafts.resolver.periods import PERIOD_RULES
from service.drafts.resolver.relative_rules import RELATIVE_RULES
from service.drafts.resolver.tense import PAST
from service.drafts.resolver.times import CLOCK_WORDS, PARTS_OF_DAY
from service.drafts.resolver.timex import DATE, TIME
from service.drafts.resolver.words import Spec


def resolve(spec: Spec, context: Context) -> tuple[str, str]:
    edtf, how = RULES[spec.rule](context, *spec.args)
    span_of(edtf)  # every answer is a date the service stores
    return edtf, how


@lru_cache(maxsize=1024)
def span_of(edtf: str) -> DateSpan:
    """``parse_event_date``, remembered: a text names the same dates again and again."""
    return parse_event_date(edtf)


def _since(context: Context, inner: Spec) -> tuple[str, str]:
    start, how = resolve(inner, Context(context.published, tense=PAST, anchor=context.anchor))
    first = start.split("/")[0]
    if span_of(first).start > context.published:
        raise Unresolvable("it starts after publication")
    return f"{first}/{context.published.isoformat()}", (
        f"runs from {first} (the date that {how}) to {context.pub}"
    )


def _time(context: Context, day: Spec, part: str) -> tuple[str, str]:
    """A time of day or clock time on a day another rule resolves: TIMEX3 only. A named
    weekday's part of the day ("Wednesday night") is a DATE, as TimeBank marks it; a clock
    time or a deictic day's part ("last night") is a TIME."""
    code = PARTS_OF_DAY.get(part) or CLOCK_WORDS.get(part) or part
    try:
        day_edtf = resolve(day, context)[0]
    except Unresolvable:
        value = f"XXXX-XX-XXT{code}"
    else:
        value = f"{day_edtf}T{code}"
    timex_type = DATE if day.rule == "weekday" and part in PARTS_OF_DAY else TIME
    raise Unresolvable(
        f"a time of day ({value}), which an EDTF date as the service stores it cannot hold",
        (timex_type, value),
    )


RULES = {
    **CALENDAR_RULES,
    **RELATIVE_RULES,
    "since": _since,
    "time": _time,
    **PERIOD_RULES,
}
