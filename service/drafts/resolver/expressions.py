"""The whole pass: sentences, tokens, grammar, tense, resolution, in text order."""

import re
from dataclasses import dataclass
from datetime import date

from service.core.dates import DateSpan
from service.drafts.resolver.calendar_rules import DAY_FIRST, MONTH_FIRST
from service.drafts.resolver.context import Context, Convention, Unresolvable
from service.drafts.resolver.grammar import Spec, find_in_sentence
from service.drafts.resolver.resolve import resolve, span_of
from service.drafts.resolver.sentences import sentence_spans
from service.drafts.resolver.tense import PAST, sentence_markers, tense_at
from service.drafts.resolver.timex import timex_of
from service.drafts.resolver.tokens import Token, tokenize

# A "sentence" longer than this many tokens (a list, a table, a text with no full stops) is
# read in pieces of this size, so no stage can cost more than linear in the text.
MAX_SENTENCE_TOKENS = 250
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/\d{4}\b", re.ASCII)
_MONTH_NAME = (
    "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_DAY_IN_WORDS = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH_NAME},? \d{{4}}\b", re.ASCII)
_MONTH_IN_WORDS = re.compile(rf"\b{_MONTH_NAME} \d{{1,2}}(?:st|nd|rd|th)?, \d{{4}}\b", re.ASCII)


@dataclass(frozen=True)
class Expression:
    """One temporal expression: where it is, what sort it is, and its date or why none.

    ``timex_type`` and ``timex_value`` are its TIMEX3 type (``DATE``, ``TIME``, ``DURATION``,
    ``SET``) and value (``2024-Q3``, ``P5Y``, ``PRESENT_REF``), present even when ``date`` is
    None because EDTF as stored cannot hold it (then ``reason`` says why).
    """

    phrase: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    kind: str
    date: DateSpan | None
    resolved_from: str | None
    reason: str | None
    timex_type: str
    timex_value: str

    @property
    def resolved(self) -> bool:
        return self.date is not None


def find_expressions(text: str, published: date) -> list[Expression]:
    """Every temporal expression in ``text``, resolved against ``published``, in text order."""
    context = Context(published, convention=numeric_convention(text))
    found = []
    for sentence_start, sentence_end in sentence_spans(text):
        for tokens in _pieces(tokenize(text, sentence_start, sentence_end)):
            sentence = (tokens[0].start, tokens[-1].end)
            expressions = _in_sentence(text, tokens, sentence, context)
            quarters = [e.date for e in expressions if _names_a_quarter(e)]
            if quarters:
                context = context.but(quarter=quarters[-1])
            found.extend(expressions)
    return found


def _names_a_quarter(expression: Expression) -> bool:
    """A quarter the text names (``the third quarter``), not one counted (``a year ago``)."""
    counted = expression.kind in ("duration-anchored", "anchored")
    return expression.date is not None and not counted and is_quarter(expression.date)


def is_quarter(span: DateSpan) -> bool:
    """Whether ``span`` is a calendar quarter (``1989-07/1989-09``)."""
    first, last = span.start, span.end
    return (
        first.day == 1
        and first.month % 3 == 1
        and (last.month, last.year)
        == (
            first.month + 2,
            first.year,
        )
    )


def _pieces(tokens: list[Token]) -> list[list[Token]]:
    """A sentence's tokens, cut into runs of at most ``MAX_SENTENCE_TOKENS``."""
    return [
        tokens[first : first + MAX_SENTENCE_TOKENS]
        for first in range(0, len(tokens), MAX_SENTENCE_TOKENS)
    ]


def numeric_convention(text: str) -> Convention | None:
    """Day first or month first, if the document shows one order and not the other: in a
    slashed date only one order can read (25/03/2024), or else in how it writes dates in
    words (8 April 2024 against April 8, 2024)."""
    evidence = {}
    for found in _SLASHED.finditer(text):
        first, second = int(found.group(1)), int(found.group(2))
        if first > 12 >= second:
            evidence.setdefault(DAY_FIRST, f"its date {found.group()} reads only day first")
        elif second > 12 >= first:
            evidence.setdefault(MONTH_FIRST, f"its date {found.group()} reads only month first")
    if not evidence:
        for order, pattern in ((DAY_FIRST, _DAY_IN_WORDS), (MONTH_FIRST, _MONTH_IN_WORDS)):
            if found := pattern.search(text):
                evidence[order] = f"it writes dates {order} in words ({found.group()})"
    if len(evidence) != 1:
        return None
    ((order, why),) = evidence.items()
    return Convention(order, why)


_ANCHORS = frozenset(["absolute", "numeric", "fiscal"])
_REPORTING = frozenset(["said", "says", "told", "announced", "stated", "added", "declared"])
# Words that make the date after them an end point, a deadline or a start ("until
# mid-November", "through January", "effective Feb. 1"): see calendar_rules.end_point_ahead.
_END_POINT_WORDS = frozenset(["until", "till", "through", "by", "effective"])
_COUNTED_FROM = {"after": 1, "before": 1, "in": -1, "within": -1}  # where a duration's date is


def _in_sentence(
    text: str, tokens: list[Token], sentence: tuple[int, int], context: Context
) -> list[Expression]:
    matches = find_in_sentence(tokens)
    marks = sentence_markers(tokens) if matches else []
    tenses = [tense_at(marks, first, after) for first, after, _ in matches]
    reported = any(spec.rule == "reference" for _, _, spec in matches) and any(
        token.norm in _REPORTING for token in tokens
    )
    expressions = []
    anchor = speech_day = None
    for (first, after, spec), (tense, in_clause) in zip(matches, tenses, strict=True):
        here_anchor = speech_day if spec.rule == "reference" else anchor
        end_point = first > 0 and tokens[first - 1].norm in _END_POINT_WORDS
        here = context.but(
            tense=tense, tense_in_clause=in_clause, anchor=here_anchor, end_point=end_point
        )
        expression = _expression(text, tokens[first:after], sentence, spec, here)
        if _names_a_quarter(expression):
            context = context.but(quarter=expression.date)
        if expression.date is not None and spec.kind in _ANCHORS:
            anchor = expression.date
        if reported and expression.date is not None and expression.date.precision == "day":
            speech_day = expression.date
        expressions.append(expression)
    for index, ((first, after, spec), (tense, _)) in enumerate(zip(matches, tenses, strict=True)):
        if spec.rule == "duration" and (beside := _date_beside(expressions, index, spec, tense)):
            here = context.but(tense=tense, anchor=beside)
            expressions[index] = _expression(text, tokens[first:after], sentence, spec, here)
    return expressions


def _date_beside(
    expressions: list[Expression], index: int, spec: Spec, tense: str | None
) -> DateSpan | None:
    """The date a duration counts from: ``nine months after`` the next date in its sentence;
    ``in nine months``, in the past, back from the last date before it."""
    side = _COUNTED_FROM.get(spec.args[2])
    if side is None or (side < 0 and tense != PAST):
        return None
    around = expressions[index + 1 :] if side > 0 else reversed(expressions[:index])
    return next((e.date for e in around if e.date is not None), None)


def _expression(
    text: str, tokens: list[Token], sentence: tuple[int, int], spec: Spec, context: Context
) -> Expression:
    start = tokens[0].start
    end = tokens[-1].end - (2 if tokens[-1].possessive else 0)
    phrase = text[start:end]
    try:
        edtf, how = resolve(spec, context)
    except Unresolvable as unresolvable:
        reason, timex = str(unresolvable), unresolvable.timex
    except (ValueError, OverflowError):  # the arithmetic left the years 1 to 9999
        reason = "it falls outside the years 0001 to 9999 that the service can date"
        timex = None
    else:
        return Expression(
            phrase,
            start,
            end,
            *sentence,
            spec.kind,
            span_of(edtf),
            f"'{phrase}' {how}: {edtf}.",
            None,
            *timex_of(spec, edtf),
        )
    return Expression(
        phrase,
        start,
        end,
        *sentence,
        spec.kind,
        None,
        None,
        reason,
        *(timex or timex_of(spec, None)),
    )
