"""The query of ``GET /events``, shared by every view that takes it: the timeline, the exports,
the histogram and the timeline page. Validated arguments in, the store's filter out."""

from collections.abc import Iterator

import orjson

from schemas.event import NEWEST_FIRST
from service.core.dates import parse_query_date
from service.core.kinds import LINKED_KINDS
from service.files.db import get_db
from service.store.events import EventFilter, iter_event_documents


def event_filter(query: dict) -> EventFilter:
    """The store's filter for validated ``GET /events`` query arguments."""
    bounds = {}
    if "from_" in query:
        bounds["first_day"] = parse_query_date(query["from_"]).start
    if "to" in query:
        bounds["last_day"] = parse_query_date(query["to"]).end
    return EventFilter(
        **bounds,
        relation=query["relation"],
        fuzzy=query.get("fuzzy", False),
        text=query.get("q"),
        **{kind.table: tuple(query.get(kind.singular, ())) for kind in LINKED_KINDS},
    )


def newest_first(query: dict) -> bool:
    """Whether the query asks for the newest events first (``sort=-date``)."""
    return query.get("sort") == NEWEST_FIRST


def matching_documents(query: dict) -> Iterator[dict]:
    """The API documents of every event matching validated arguments, in the asked order."""
    documents = iter_event_documents(
        get_db(), event_filter(query), newest_first=newest_first(query)
    )
    return (orjson.loads(document) for document in documents)
