"""An event's store row and API document, rendered once, when the event is written.

Every writer (the API, the loader, renames of actors and places) builds rows here, so the
derived columns the timeline index needs (``start_day``, ``end_day``, ``span_class``; see
service/store/spans.py) are always set, and list pages can be assembled from the stored
documents without serialising again.
"""

import json

import orjson

from schemas.event import EventSchema
from service.core.dates import parse_event_date
from service.core.kinds import NAMED_KINDS
from service.store.spans import span_class

_EVENT_DOCUMENT = EventSchema()

Names = dict[str, dict[str, str]]
"""For each kind an event document names (actors, places): id -> name."""


def event_row(event: dict, names: Names) -> dict:
    """An event's store row: its record, its derived date fields and its API document."""
    span = parse_event_date(event["date"])
    derived = {
        "start": span.start,
        "end": span.end,
        "precision": span.precision,
        "approximate": span.approximate,
        "uncertain": span.uncertain,
    }
    named = {
        kind.table: [{"id": i, "name": names[kind.table][i]} for i in event[kind.table]]
        for kind in NAMED_KINDS
    }
    document = _EVENT_DOCUMENT.dump({**event, **derived, **named})
    start_day, end_day = span.start.toordinal(), span.end.toordinal()
    return {
        **event,
        **derived,
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "start_day": start_day,
        "end_day": end_day,
        "span_class": span_class(end_day - start_day, qualified=span.approximate or span.uncertain),
        "figures": json.dumps(event["figures"]),
        "evidence": json.dumps(event["evidence"]),
        "document": orjson.dumps(document).decode(),
    }
