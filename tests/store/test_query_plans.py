"""No timeline query reads more of the table than its page needs: every step is bounded.

A step is bounded when it is one of:
- a point lookup: a SEARCH whose terms are all equalities (``id=?``, ``rowid=?``,
  ``event_id=? AND tag_id=?``);
- a two-sided range in one span class: a SEARCH with ``span_class=?`` and both a lower and an
  upper bound on ``start_day`` (see service/store/spans.py for why that bounds the work);
- ``SCAN k``: the page's keys, materialised after ``LIMIT``, so at most limit + 1 rows;
- ``SCAN events_fts VIRTUAL TABLE INDEX n:M...``: FTS5 reading the doclists of the words
  searched for (``M`` is a MATCH), so it visits matching events only, and only those whose
  text key (their rowid) lies in the window's range (``>`` and ``<`` in the index string);
- ``SCAN edge``: the one row naming the last start-and-end group a text page needs.
Anything else, a full ``SCAN events`` or a one-sided ``SEARCH ... (start<?)`` as the naive
overlap query has, costs more the more events precede the window, and fails the test.
"""

import itertools
import re
from datetime import date, timedelta

import pytest

from service.store.events import EventFilter, EventKey, explain_page_query, list_events
from tests.store.helpers import database_with, made_up_event

DAY0 = date(2020, 1, 1)
LENGTHS = [0, 0, 3, 27, 28, 29, 30, 364, 365, 800, 5000]
ALLOWED_SCANS = ("SCAN k", "SCAN edge")
_TEXT_SCAN = re.compile(r"SCAN events_fts VIRTUAL TABLE INDEX \d+:M\d*><$")
_TERMS = re.compile(r"\((.*)\)$")


def is_bounded(step: str) -> bool:
    if step.startswith("SCAN"):
        return step.startswith(ALLOWED_SCANS) or _TEXT_SCAN.match(step) is not None
    if not step.startswith("SEARCH"):
        return True
    terms = _TERMS.search(step).group(1).split(" AND ")
    if all(term.endswith("=?") and "<" not in term and ">" not in term for term in terms):
        return True
    lower = any(t.startswith(("start_day>", "(start_day,end_day")) and ">" in t for t in terms)
    upper = any(t.startswith(("start_day<", "(start_day,end_day")) and "<" in t for t in terms)
    return "span_class=?" in terms and lower and upper


def plan(db, sql: str) -> list[str]:
    return [row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}")]


@pytest.fixture(scope="module", params=["fresh", "analyzed"])
def db(request):
    rows = [
        made_up_event(
            f"e-{i:03d}",
            start,
            start + timedelta(days=length),
            tags=("alpha",),
            qualifier="~" if i % 3 == 0 else "",
        )
        for i, length in enumerate(LENGTHS * 20)
        for start in [DAY0 + timedelta(days=i * 7)]
    ]
    db = database_with(rows)
    if request.param == "analyzed":
        db.execute("ANALYZE")
    return db


FILTERS = {
    "none": {},
    "q": {"text": "event"},
    "tag": {"tags": ("alpha",)},
    "tags": {"tags": ("alpha", "beta")},
    "actor": {"actors": ("someone",)},
    "place": {"places": ("somewhere",)},
    "q+tag+place": {"text": "event", "tags": ("alpha",), "places": ("somewhere",)},
}


# Each relation, and overlaps with approximate dates widened (fuzzy).
RELATIONS = [("overlaps", False), ("overlaps", True), ("within", False), ("contains", False)]


@pytest.mark.parametrize(
    ("relation", "newest_first", "filters", "with_cursor"),
    list(itertools.product(RELATIONS, [False, True], FILTERS, [0, 1])),
    ids=str,
)
def test_no_query_plan_scans_the_events_table(db, relation, newest_first, filters, with_cursor):
    where = EventFilter(
        first_day=date(2021, 3, 1),
        last_day=date(2021, 6, 30),
        relation=relation[0],
        fuzzy=relation[1],
        **FILTERS[filters],
    )
    after = EventKey("2021-03-15", "2021-03-15", "e-050") if with_cursor else None
    steps = explain_page_query(db, where, newest_first=newest_first, after=after)
    assert all(is_bounded(step) for step in steps), steps
    if not steps:  # no span class can hold a match, so no query runs at all
        assert not list_events(db, where, limit=5, newest_first=newest_first, after=after).documents
    elif "text" not in FILTERS[filters]:
        assert any("span_class=?" in step for step in steps), steps


def test_the_check_catches_the_naive_overlap_query(db):
    """The check above is not vacuous: the one-sided query of issue 4 fails it."""
    naive = plan(
        db,
        "SELECT document FROM events WHERE start <= '2021-06-30' AND end >= '2021-03-01'"
        " ORDER BY start, end, id LIMIT 21",
    )
    assert not all(is_bounded(step) for step in naive), naive
    assert not is_bounded("SCAN events")
