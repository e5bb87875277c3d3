"""A small CRF over the resolver's tokens, and the four ways it could amend the rules' TIMEX3.

The model (CRFsuite through ``python-crfsuite``, MIT) tags each token of a sentence
``B-TYPE``, ``I-TYPE`` or ``O``, TYPE one of TIMEX3's DATE, TIME, DURATION, SET. It is
stacked on the rules: the resolver's own tags are among each token's features, beside the
word, its shape, its class in the resolver's vocabulary (``tokens``: months, weekdays,
seasons, units, number words; reused, not copied) and the same of two neighbours each side.

The rules stay the source of every value. What the model may change (``DESIGNS``):

- ``screen``: drop a rule expression when the model gives each of its tokens a chance below
  ``SCREEN_THRESHOLD`` of being in a TIMEX3;
- ``bounds``: take the model's span for a rule expression when they overlap one to one,
  value kept;
- ``types``: take the model's TIMEX3 type for a rule expression, value kept;
- ``recall``: add a span the model finds and the rules do not, valued by the resolver read
  on the span's text alone when it finds one expression there, else with no value.

None of them is wired into the service: ``bounds`` alone beat the rules in cross-validation
on TimeBank, on strict span F1 only, and it lost strict span F1 on the project's own gold
set, whose spans follow another convention (bench/RESULTS.md has the figures).
``timex_training`` trains the model and measures every design against the rules alone.

``pycrfsuite`` (a test dependency) is imported only when a tagger is opened. Every pass is
linear in the text.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from service.drafts.resolver import Expression
from service.drafts.resolver.expressions import MAX_SENTENCE_TOKENS
from service.drafts.resolver.sentences import sentence_spans
from service.drafts.resolver.tokens import (
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    SEASONS,
    TIMES_OF_DAY,
    WEEKDAYS,
    Token,
    clock_unit_of,
    tokenize,
    unit_of,
    year_of,
)

OUTSIDE = "O"
SCREEN_THRESHOLD = 0.1
DESIGNS = ("screen", "bounds", "types", "recall")
_NEIGHBOURS = (-2, -1, 1, 2)
_CLASSES = (
    ("month", lambda w: w in MONTHS),
    ("weekday", lambda w: w in WEEKDAYS),
    ("season", lambda w: w in SEASONS),
    ("daytime", lambda w: w in TIMES_OF_DAY),
    ("unit", lambda w: unit_of(w) is not None),
    ("clock", lambda w: clock_unit_of(w) is not None),
    ("count", lambda w: w in NUMBER_WORDS),
    ("ordinal", lambda w: w in ORDINALS),
    ("year", lambda w: year_of(w) is not None),
    ("digits", lambda w: w.isascii() and w.isdigit()),
)

Span = tuple[int, int, str]  # [start, end) in characters, and a TIMEX3 type


@dataclass(frozen=True)
class Tagged:
    """One sentence as the model read it: its tokens, each one's tag and chance of being in
    a TIMEX3."""

    tokens: list[Token]
    tags: list[str]
    chances: list[float]


def sentences_of(text: str) -> Iterator[list[Token]]:
    """The tokens of each sentence of ``text``, long ones cut as the resolver cuts them."""
    for start, end in sentence_spans(text):
        tokens = tokenize(text, start, end)
        for first in range(0, len(tokens), MAX_SENTENCE_TOKENS):
            yield tokens[first : first + MAX_SENTENCE_TOKENS]


def span_tags(tokens: Sequence[Token], spans: Iterable[Span]) -> list[str]:
    """``B-TYPE``/``I-TYPE``/``O`` for each token: a token is in a span ``(start, end, type)``
    when it starts within it. One pass over both, both in text order."""
    tags = [OUTSIDE] * len(tokens)
    index = 0
    for start, end, type_ in sorted(spans):
        while index < len(tokens) and tokens[index].start < start:
            index += 1
        first = index
        while index < len(tokens) and tokens[index].start < end:
            tags[index] = f"{'B' if index == first else 'I'}-{type_}"
            index += 1
    return tags


def features(tokens: Sequence[Token], rule_tags: Sequence[str]) -> list[list[str]]:
    """Each token's features: its own, its neighbours' (two each side) and the rules' tag."""
    own = [_token_features(token, tag) for token, tag in zip(tokens, rule_tags, strict=True)]
    rows = []
    for index, mine in enumerate(own):
        row = list(mine)
        for offset in _NEIGHBOURS:
            at = index + offset
            beside = own[at] if 0 <= at < len(own) else ["edge"]
            row.extend(f"{offset}:{feature}" for feature in beside)
        rows.append(row)
    return rows


def _token_features(token: Token, rule_tag: str) -> list[str]:
    word = token.norm
    found = [f"w={word}", f"shape={_shape(token.text)}", f"rule={rule_tag}"]
    found.extend(name for name, test in _CLASSES if test(word))
    return found


def _shape(text: str) -> str:
    """Runs of capitals, small letters and digits, one letter each: ``Q3`` -> ``Xd``."""
    shape = []
    for character in text[:8]:
        kind = "X" if character.isupper() else "x" if character.islower() else character
        kind = "d" if character.isdigit() else kind
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape)


def rule_spans(expressions: Iterable[Expression]) -> list[Span]:
    return [(e.start, e.end, e.timex_type) for e in expressions]


def training_sequences(
    text: str, expressions: Sequence[Expression], gold: Iterable[Span]
) -> Iterator[tuple[list[list[str]], list[str]]]:
    """Each sentence's features (the rules' expressions among them) and its gold tags."""
    rules, gold = rule_spans(expressions), list(gold)
    for tokens in sentences_of(text):
        yield features(tokens, span_tags(tokens, rules)), span_tags(tokens, gold)


def open_tagger(path: Path):
    """A ``pycrfsuite.Tagger`` reading the model at ``path``."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def tag_text(text: str, expressions: Sequence[Expression], tagger) -> list[Tagged]:
    """Every sentence of ``text`` as ``tagger`` (a ``pycrfsuite.Tagger``) reads it."""
    rules = rule_spans(expressions)
    tagged = []
    for tokens in sentences_of(text):
        tags = tagger.tag(features(tokens, span_tags(tokens, rules)))
        chances = [1.0 - tagger.marginal(OUTSIDE, index) for index in range(len(tokens))]
        tagged.append(Tagged(tokens, tags, chances))
    return tagged


def model_spans(tagged: Tagged) -> list[Span]:
    """The TIMEX3 spans the model's tags mark in one sentence; an ``I`` after ``O`` opens one.
    A possessive ``'s`` ends outside, as the resolver ends it."""
    spans: list[list] = []
    previous = OUTSIDE
    for token, tag in zip(tagged.tokens, tagged.tags, strict=True):
        head, _, type_ = tag.partition("-")
        end = token.end - (2 if token.possessive else 0)
        if tag != OUTSIDE and (head == "B" or previous == OUTSIDE):
            spans.append([token.start, end, type_])
        elif tag != OUTSIDE:
            spans[-1][1] = end
        previous = tag
    return [tuple(span) for span in spans]


Resolver = Callable[[str, int, int], Expression | None]


def amend(
    text: str,
    expressions: Sequence[Expression],
    tagged: Sequence[Tagged],
    design: str,
    resolver: Resolver | None = None,
) -> list[Expression]:
    """The rules' expressions amended by the model as ``design`` says (see the module),
    sentence by sentence: an expression is weighed only against its own sentence's tags."""
    if design not in DESIGNS:
        raise ValueError(f"no design {design!r}: the designs are {', '.join(DESIGNS)}")
    amended: list[Expression] = []
    remaining = sorted(expressions, key=lambda e: (e.start, e.end))
    position = 0
    for sentence in tagged:
        ends = sentence.tokens[-1].end
        here = []
        while position < len(remaining) and remaining[position].start < ends:
            here.append(remaining[position])
            position += 1
        amended.extend(_amend_sentence(text, here, sentence, design, resolver))
    return amended + remaining[position:]


def _amend_sentence(
    text: str,
    expressions: list[Expression],
    sentence: Tagged,
    design: str,
    resolver: Resolver | None,
) -> list[Expression]:
    spans = model_spans(sentence)
    if design == "screen":
        chances = list(zip(sentence.tokens, sentence.chances, strict=True))
        return [e for e in expressions if _best_chance(e, chances) >= SCREEN_THRESHOLD]
    if design == "bounds":
        return [_with_bounds(text, e, spans, expressions) for e in expressions]
    if design == "types":
        return [_with_type(e, spans) for e in expressions]
    return _with_additions(expressions, spans, resolver)


def _best_chance(expression: Expression, chances: list[tuple[Token, float]]) -> float:
    inside = [c for t, c in chances if expression.start <= t.start < expression.end]
    return max(inside, default=1.0)


def _overlapping(expression: Expression, spans: list[Span]) -> list[Span]:
    return [s for s in spans if s[0] < expression.end and expression.start < s[1]]


def _with_bounds(
    text: str, expression: Expression, spans: list[Span], expressions: list[Expression]
) -> Expression:
    """The model's span for ``expression`` when they overlap one to one: a span that
    would swallow two expressions, or two spans one, leave it as it is."""
    overlapping = _overlapping(expression, spans)
    if len(overlapping) != 1:
        return expression
    start, end, _ = overlapping[0]
    if sum(e.start < end and start < e.end for e in expressions) != 1:
        return expression
    return replace(expression, phrase=text[start:end], start=start, end=end)


def _with_type(expression: Expression, spans: list[Span]) -> Expression:
    types = {type_ for _, _, type_ in _overlapping(expression, spans)}
    if len(types) != 1:
        return expression
    return replace(expression, timex_type=types.pop())


def _with_additions(
    expressions: list[Expression], spans: list[Span], resolver: Resolver | None
) -> list[Expression]:
    added = []
    for start, end, type_ in spans:
        if any(e.start < end and start < e.end for e in expressions):
            continue
        found = resolver(type_, start, end) if resolver else None
        added.append(found or _unvalued(start, end, type_))
    return sorted([*expressions, *added], key=lambda e: (e.start, e.end))


def _unvalued(start: int, end: int, type_: str) -> Expression:
    return Expression(
        "", start, end, start, end, "model", None, None, "the model found it", type_, ""
    )
