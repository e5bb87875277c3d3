"""The resolver against the gold set: the held-out half must meet the issue's floors.

The rules were tuned on ``tuning.txt`` only; ``heldout.txt`` is what the figures in
``bench/RESULTS.md`` report. Both halves must stay well formed and cover every category.
"""

from datetime import date

import pytest

from schemas.draft import DRAFT_KINDS
from service.core.dates import parse_event_date
from service.drafts.resolver.evaluation import read_gold, score
from tests.helpers import REPO

GOLD = REPO / "tests" / "data" / "drafts_gold"
HALVES = {half: read_gold(GOLD / f"{half}.txt") for half in ("tuning", "heldout")}
# The gold set exercises every kind of expression the API can answer.
CATEGORIES = set(DRAFT_KINDS)


def _expressions(half: str):
    return [e for document in HALVES[half] for e in document.expressions]


def test_gold_set_has_at_least_150_expressions_with_valid_values():
    every = _expressions("tuning") + _expressions("heldout")
    assert len(every) >= 150
    for expression in every:
        if expression.value is not None:
            parse_event_date(expression.value)


@pytest.mark.parametrize("half", HALVES)
def test_each_half_covers_every_category(half):
    assert {e.kind for e in _expressions(half)} == CATEGORIES


@pytest.mark.parametrize("half", HALVES)
def test_each_half_has_awkward_publication_dates(half):
    published = {document.published for document in HALVES[half]}
    assert any((d.month, d.day) == (1, 1) for d in published)
    assert any((d.month, d.day) == (2, 29) for d in published)
    assert any(d.weekday() == 0 for d in published)
    assert any((d + (date(2000, 1, 2) - date(2000, 1, 1))).day == 1 for d in published)


def test_held_out_half_meets_the_floors():
    scores = score(HALVES["heldout"])
    assert scores.value_accuracy >= 0.90, scores.misses
    assert scores.relaxed_span_f1 >= 0.90, scores.misses
    assert scores.value_f1 >= 0.85, scores.misses


def test_tuning_half_is_resolved_as_tuned():
    scores = score(HALVES["tuning"])
    assert scores.value_accuracy >= 0.97, scores.misses
    assert scores.strict_span_f1 >= 0.95, scores.misses


def test_a_resolver_that_finds_nothing_scores_zero():
    scores = score(HALVES["heldout"], finder=lambda text, published: [])
    assert (scores.relaxed_span_f1, scores.value_accuracy, scores.value_f1) == (0, 0, 0)
