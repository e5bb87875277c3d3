"""bench/inprocess.py's budget: each part of an answer timed as real requests, never errors."""

import pytest

from bench import inprocess
from service.files.db import open_database


def test_the_budget_times_every_part_with_real_answers(db_path, monkeypatch):
    monkeypatch.setattr(inprocess, "BUDGET_PASSES", 1)
    measured = inprocess.budget(str(db_path), open_database(str(db_path), read_only=True))
    assert set(measured) == {
        "bare_flask_us",
        "hooks_around_a_constant_view_us",
        "cheapest_request_us",
        "mix_request_us",
        "mix_store_us",
        "mix_serialise_us",
    }
    assert all(value > 0 for value in measured.values())
    assert measured["hooks_around_a_constant_view_us"] > measured["bare_flask_us"]


def test_a_budget_request_that_is_not_answered_200_stops_the_measure(app):
    calls = inprocess.wsgi_calls(app, ["/events?from=not-a-date"])
    with pytest.raises(AssertionError, match="400"):
        inprocess.cpu_us_per_call(calls, least_calls=1)
