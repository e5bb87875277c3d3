"""Scoring the resolver against a gold set: span F1, value accuracy, TempEval-3 value F1.

A gold file holds documents, each opened by a line ``@ YYYY-MM-DD`` (its publication date),
with every expression marked ``[[phrase|EDTF or -|kind]]`` (``-``: must be found and reported
unresolvable). See ``tests/data/drafts_gold/README.md``.

- strict span F1: a found expression counts only with exactly the gold offsets;
- relaxed span F1: any overlap with a gold expression counts (each gold matched once);
- value accuracy: gold expressions whose overlapping found expression has the same start and
  end day (or, for ``-``, is also unresolvable), over all gold expressions;
- value F1 (TempEval-3): matched pairs with the same EDTF value (both unresolvable counts
  as the same value), precision over found and recall over gold expressions.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from service.core.dates import parse_event_date
from service.drafts.resolver.expressions import Expression, find_expressions

_MARK = re.compile(r"\[\[([^|\]]+)\|([^|\]]+)\|([^|\]]+)\]\]", re.ASCII)


@dataclass(frozen=True)
class GoldExpression:
    start: int
    end: int
    value: str | None
    kind: str


@dataclass(frozen=True)
class GoldDocument:
    published: date
    text: str
    expressions: tuple[GoldExpression, ...]


@dataclass
class Scores:
    gold: int = 0
    found: int = 0
    strict_matches: int = 0
    relaxed_matches: int = 0
    right_days: int = 0
    right_values: int = 0
    misses: list[str] = field(default_factory=list)

    def f1(self, hits: int) -> float:
        return f1_score(hits, found=self.found, gold=self.gold)

    @property
    def strict_span_f1(self) -> float:
        return self.f1(self.strict_matches)

    @property
    def relaxed_span_f1(self) -> float:
        return self.f1(self.relaxed_matches)

    @property
    def value_accuracy(self) -> float:
        return self.right_days / self.gold if self.gold else 0.0

    @property
    def value_f1(self) -> float:
        return self.f1(self.right_values)


def f1_score(hits: int, *, found: int, gold: int) -> float:
    """The harmonic mean of precision (hits / found) and recall (hits / gold); 0 with no hit."""
    if not hits:
        return 0.0
    precision, recall = hits / found, hits / gold
    return 2 * precision * recall / (precision + recall)


def read_gold(path: Path) -> list[GoldDocument]:
    documents = []
    for block in path.read_text(encoding="utf-8").split("\n@ ")[0:]:
        block = block.removeprefix("@ ")
        if not block.strip() or block.startswith("#"):
            continue
        header, _, marked = block.partition("\n")
        documents.append(_document(date.fromisoformat(header.strip()), marked.strip()))
    return documents


def _document(published: date, marked: str) -> GoldDocument:
    text, expressions, position = [], [], 0
    length = 0
    for mark in _MARK.finditer(marked):
        before = marked[position : mark.start()]
        text.append(before)
        length += len(before)
        phrase, value, kind = mark.groups()
        expressions.append(
            GoldExpression(length, length + len(phrase), None if value == "-" else value, kind)
        )
        text.append(phrase)
        length += len(phrase)
        position = mark.end()
    text.append(marked[position:])
    return GoldDocument(published, "".join(text), tuple(expressions))


Finder = Callable[[str, date], Iterable[Expression]]


def score(documents: list[GoldDocument], finder: Finder = find_expressions) -> Scores:
    scores = Scores()
    for document in documents:
        found = list(finder(document.text, document.published))
        scores.gold += len(document.expressions)
        scores.found += len(found)
        for gold in document.expressions:
            _score_one(scores, document, gold, found)
    return scores


def _score_one(
    scores: Scores, document: GoldDocument, gold: GoldExpression, found: list[Expression]
) -> None:
    overlapping = [e for e in found if e.start < gold.end and gold.start < e.end]
    phrase = document.text[gold.start : gold.end]
    if not overlapping:
        scores.misses.append(f"{document.published} not found: {phrase!r}")
        return
    scores.relaxed_matches += 1
    best = min(overlapping, key=lambda e: abs(e.start - gold.start) + abs(e.end - gold.end))
    scores.strict_matches += (best.start, best.end) == (gold.start, gold.end)
    value = best.date.edtf if best.date else None
    scores.right_values += value == gold.value
    if _same_days(value, gold.value):
        scores.right_days += 1
    else:
        scores.misses.append(
            f"{document.published} {phrase!r}: found {best.phrase!r} = {value or best.reason}, "
            f"gold {gold.value}"
        )


def _same_days(found: str | None, gold: str | None) -> bool:
    if found is None or gold is None:
        return found is gold
    found_span, gold_span = parse_event_date(found), parse_event_date(gold)
    return (found_span.start, found_span.end) == (gold_span.start, gold_span.end)
