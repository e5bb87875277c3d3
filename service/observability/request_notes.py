"""What the layers of one request leave for each other in its WSGI environ (names only).

The outer layer (observed_requests.py) reads what the inner ones wrote, whichever
of them answered: the response cache (service/http/response_cache.py) or Flask, and records
each answer as an ``Answer``.
"""

from typing import NamedTuple

REQUEST_ID = "timeline.request_id"  # str: the request's id (request_ids.py)
ROUTE = "timeline.route"  # str: the route template that answered, e.g. /events/{event_id}
REVISION = "timeline.revision"  # Revision: the data revision a GET was read at
CACHE_HIT = "timeline.cache_hit"  # bool: whether the response cache had the answer


class Answer(NamedTuple):
    """What is recorded of one answer for the metrics and the log (observed_requests.py),
    which records it as a plain tuple in this order; readers unpack it by position."""

    finished: float  # seconds since the epoch, when it was handed to the server
    seconds: float  # how long it took, from the request reaching the app
    method: str  # as sent (the metrics bound it; the log cuts it to 16 characters)
    route: str  # the route template, or "unmatched"
    path: str  # without the query string
    status: str  # the status line, e.g. "200 OK"
    sent: int  # bytes of body
    request_id: str
    revision: int | None  # the number of the revision a GET was read at
    cache_hit: bool | None  # None: the response cache was not asked
    traceparent: str | None  # the header as sent, checked when logged
