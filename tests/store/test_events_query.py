import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.store import NotFound
from service.store import events as events_store
from service.store.events import EventFilter, get_event_document, list_events
from service.store.spans import fuzzy_margin
from tests.helpers import examples
from tests.store.helpers import database_with, made_up_event

DAY0 = date(2020, 1, 1)
# Some draws crowd events onto a few days, so many share a start and an end (ties).
days = st.one_of(
    st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=3)
).map(lambda n: DAY0 + timedelta(days=n))
# Single days, the calendar lengths that have span classes of their own, and lengths in
# the power-of-two classes, up to spans longer than the whole range of days drawn.
lengths = st.sampled_from(
    [0, 0, 0, 1, 2, 6, 27, 28, 29, 30, 31, 200, 364, 365, 366, 729, 730, 800, 1095, 1460, 5000]
)
tag_sets = st.sampled_from([(), ("alpha",), ("beta",), ("alpha", "beta")])
# Most dates are exact; some approximate (~), uncertain (?) or both (%).
qualifiers = st.sampled_from(["", "", "", "~", "?", "%"])


@st.composite
def events(draw):
    count = draw(st.integers(min_value=0, max_value=25))
    made = []
    for index in range(count):
        start = draw(days)
        end = start + timedelta(days=draw(lengths))
        made.append(
            made_up_event(
                f"e-{index:02d}", start, end, tags=draw(tag_sets), qualifier=draw(qualifiers)
            )
        )
    return made


@st.composite
def ranges(draw):
    first, last = sorted([draw(days), draw(days)])
    return first, last


# Every made-up event's title and summary contain "event" and "happened", none "absent".
TEXT_MATCHES = {None: True, "event": True, "Happened": True, "absent": False}


def brute_force(rows, first, last, relation, tags=(), text=None, fuzzy=False):
    def matches(row):
        if not set(tags) <= set(row["tags"]) or not TEXT_MATCHES[text]:
            return False
        start, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
        if fuzzy and (row["approximate"] or row["uncertain"]):
            margin = timedelta(days=fuzzy_margin((end - start).days))
            start, end = start - margin, end + margin
        return {
            "overlaps": start <= last and end >= first,
            "within": start >= first and end <= last,
            "contains": start <= first and end >= last,
        }[relation]

    return sorted(
        ((r["start"], r["end"], r["id"]) for r in rows if matches(r)),
    )


def walk_all_pages(db, where, limit, newest_first):
    seen, after = [], None
    while True:
        page = list_events(db, where, limit=limit, newest_first=newest_first, after=after)
        seen += [(d["start"], d["end"], d["id"]) for d in map(json.loads, page.documents)]
        if not page.has_more:
            return seen
        after = page.last_key


@settings(max_examples=examples(300), deadline=None)
@given(
    rows=events(),
    bounds=ranges(),
    relation=st.sampled_from(["overlaps", "within", "contains"]),
    limit=st.integers(min_value=1, max_value=7),
    newest_first=st.booleans(),
    tags=tag_sets,
    text=st.sampled_from(sorted(TEXT_MATCHES, key=str)),
    fuzzy=st.booleans(),
)
def test_date_filter_and_pages_equal_a_brute_force_filter(
    rows, bounds, relation, limit, newest_first, tags, text, fuzzy
):
    db = database_with(rows)
    first, last = bounds
    fuzzy = fuzzy and relation == "overlaps"
    where = EventFilter(
        first_day=first, last_day=last, relation=relation, tags=tags, text=text, fuzzy=fuzzy
    )
    expected = brute_force(rows, first, last, relation, tags, text, fuzzy)
    if newest_first:
        expected.reverse()
    assert walk_all_pages(db, where, limit, newest_first) == expected


def test_month_event_matches_a_day_inside_it():
    db = database_with([made_up_event("feb", date(2024, 2, 1), date(2024, 2, 29))])
    where = EventFilter(first_day=date(2024, 2, 15), last_day=date(2024, 2, 15))
    assert [json.loads(d)["id"] for d in list_events(db, where, limit=5).documents] == ["feb"]


def test_text_search_treats_operators_and_quotes_as_plain_words():
    db = database_with([made_up_event("a", DAY0, DAY0, title="Talks AND (more) quoted")])

    def ids(text):
        return [
            json.loads(d)["id"] for d in list_events(db, EventFilter(text=text), limit=5).documents
        ]

    assert ids("AND") == ["a"]
    assert ids("talks OR nothing") == []
    assert ids('"quoted') == ["a"]
    for text in ['"', "(", "*", "NEAR(", "title:talks", "'", "\\", "-", "^", "a AND"]:
        assert ids(text) == []


def test_every_tag_given_must_match():
    db = database_with(
        [
            made_up_event("both", DAY0, DAY0, tags=("alpha", "beta")),
            made_up_event("one", DAY0, DAY0, tags=("alpha",)),
        ]
    )

    def ids(tags):
        return [
            json.loads(d)["id"] for d in list_events(db, EventFilter(tags=tags), limit=5).documents
        ]

    assert ids(("alpha",)) == ["both", "one"]
    assert ids(("alpha", "beta")) == ["both"]


def test_unknown_event_id_raises_not_found():
    with pytest.raises(NotFound, match="no event with id 'nope'"):
        get_event_document(database_with([]), "nope")


@pytest.mark.parametrize("length", [0, 5, 6, 7, 29, 200, 365, 800])
@pytest.mark.parametrize("path", ["index", "tag", "text"])
def test_fuzzy_overlap_reaches_exactly_the_margin_on_each_side(length, path):
    start = date(2024, 3, 25)
    end = start + timedelta(days=length)
    db = database_with(
        [
            made_up_event("about", start, end, tags=("alpha",), qualifier="~"),
            made_up_event("exact", start, end, tags=("alpha",)),
        ]
    )
    margin = timedelta(days=fuzzy_margin(length))
    extra = {"index": {}, "tag": {"tags": ("alpha",)}, "text": {"text": "event"}}[path]

    def found(day):
        where = EventFilter(first_day=day, last_day=day, fuzzy=True, **extra)
        return [json.loads(d)["id"] for d in list_events(db, where, limit=5).documents]

    assert found(start - margin) == found(end + margin) == ["about"]
    assert (
        found(start - margin - timedelta(days=1)) == found(end + margin + timedelta(days=1)) == []
    )
    assert found(start) == ["about", "exact"]


@pytest.mark.parametrize("text", [None, "event"])
def test_fuzzy_copes_with_dates_as_wide_as_the_calendar(text):
    everything = made_up_event("all", date(1, 1, 1), date(9999, 12, 31), qualifier="~")
    db = database_with([everything])
    for day in (date(1, 1, 1), date(9999, 12, 31)):
        where = EventFilter(first_day=day, last_day=day, fuzzy=True, text=text)
        assert len(list_events(db, where, limit=5).documents) == 1


def test_fuzzy_margin_is_the_dates_own_length_and_at_least_a_week():
    assert [fuzzy_margin(length) for length in (0, 6, 7, 28, 30, 364, 365)] == [
        7,
        7,
        8,
        29,
        31,
        365,
        366,
    ]


def test_span_class_parameters_are_worked_out_again_once_their_cache_is_cleared(monkeypatch):
    # One cache: clearing it (as a test or a reload would) really forgets what it held.
    classes = ((1, 0, 10), (2, 5, 20))
    events_store._class_parameters(classes)
    events_store._class_parameters.cache_clear()
    asked = []
    monkeypatch.setattr(
        events_store, "span_class_lengths", lambda cls: asked.append(cls) or (cls, cls)
    )
    assert [scan.cls for scan in events_store._class_parameters(classes)] == [1, 2]
    assert asked == [1, 2]
    events_store._class_parameters.cache_clear()
