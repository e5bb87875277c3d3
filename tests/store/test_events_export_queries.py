"""Reading every matching event at once, for exports and counts over time."""

import json
from datetime import date

from service.store.events import (
    EventFilter,
    iter_event_documents,
    iter_event_spans,
    list_events,
)
from tests.store.helpers import database_with, made_up_event

ROWS = [
    made_up_event("late", date(2024, 3, 1), date(2024, 3, 31), tags=("alpha",)),
    made_up_event("early", date(2022, 1, 1), date(2022, 12, 31), tags=("alpha", "beta")),
    made_up_event("middle", date(2023, 6, 5), date(2023, 6, 5), title="Middle harvest"),
]


def ids(documents) -> list[str]:
    return [json.loads(document)["id"] for document in documents]


def test_every_document_comes_in_the_order_list_events_pages_them():
    db = database_with(ROWS)
    for newest_first in (False, True):
        paged = list_events(db, EventFilter(), limit=100, newest_first=newest_first).documents
        assert list(iter_event_documents(db, EventFilter(), newest_first=newest_first)) == paged
    assert ids(iter_event_documents(db, EventFilter())) == ["early", "middle", "late"]


def test_documents_obey_the_same_filters_as_the_timeline():
    db = database_with(ROWS)
    assert ids(iter_event_documents(db, EventFilter(tags=("alpha",)))) == ["early", "late"]
    assert ids(iter_event_documents(db, EventFilter(text="harvest"))) == ["middle"]
    in_2023 = EventFilter(first_day=date(2023, 1, 1), last_day=date(2023, 12, 31))
    assert ids(iter_event_documents(db, in_2023)) == ["middle"]


def test_spans_are_the_days_of_matching_events():
    db = database_with(ROWS)
    assert sorted(iter_event_spans(db, EventFilter(tags=("alpha",)))) == [
        (date(2022, 1, 1), date(2022, 12, 31)),
        (date(2024, 3, 1), date(2024, 3, 31)),
    ]
    assert list(iter_event_spans(db, EventFilter(actors=("nobody",)))) == []
