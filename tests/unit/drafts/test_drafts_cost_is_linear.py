"""A draft's cost grows linearly with the text, whatever its shape (issue 16, item 1).

A quadratic stage shows as a time per KB that grows with the text: with a 40 KB text it is
four times what it is with 10 KB. Each figure is the fastest of a few interleaved runs, the
one least disturbed by whatever else the machine is doing, and the bound (under twice)
leaves room for noise while failing any quadratic stage. The named shapes are the bench's
(bench/drafts_cost.py); hypothesis builds more of them from date-like pieces.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.drafts_cost import ADVERSARIAL_SHAPES, adversarial_text, seconds_to_draft

SMALL, LARGE = 10_000, 40_000
MOST_GROWTH = 2.0  # time per KB at LARGE over SMALL; quadratic gives 4
PIECES = [
    "8 April 2024",
    "FY 23",
    "twenty-one",
    "three weeks ago",
    "12",
    "2009-2010",
    "Nov. 21",
    "on Friday",
    "last year",
    "the following month",
    "nine months after",
    "recently",
    "every morning",
    "Q3 1989",
    "said",
    "will",
    "and",
    ",",
]


RUNS = 5


def growth_per_kb(unit: str) -> float:
    """Time per KB at LARGE over that at SMALL, the runs of both sizes interleaved."""
    small_text, large_text = adversarial_text(unit, SMALL), adversarial_text(unit, LARGE)
    small = large = float("inf")
    for _ in range(RUNS):
        small = min(small, seconds_to_draft(small_text, runs=1))
        large = min(large, seconds_to_draft(large_text, runs=1))
    return (large / LARGE) / (small / SMALL)


@pytest.mark.parametrize("shape", ADVERSARIAL_SHAPES)
def test_time_per_kb_stays_flat_for_adversarial_shapes(shape):
    assert growth_per_kb(ADVERSARIAL_SHAPES[shape]) < MOST_GROWTH


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6))
def test_time_per_kb_stays_flat_for_any_mix_of_date_like_pieces(pieces):
    assert growth_per_kb(" ".join(pieces) + " ") < MOST_GROWTH
