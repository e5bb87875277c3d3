"""One JSON line per request on stdout, for log systems (``TIMELINE_LOG_FORMAT=json``).

Fields: ``time`` (UTC, ISO 8601, when the answer was finished), ``method``, ``route`` (the
route template), ``path`` (without the query string), ``status``, ``duration_ms`` (until the
last byte was handed to the server), ``bytes`` (of body sent), ``request_id``, ``revision``
(the data revision the answer was read at, or null), ``cache_hit`` (true, false, or null
when the response cache was not consulted), and ``trace_id`` and ``parent_id`` from a valid
``traceparent``. Nothing else from the request is written: no header other than those two,
no query string, no cookie, no body, so tokens cannot reach the logs.

Each line is one ``write`` to the file descriptor, so lines from several workers and
threads never interleave (writes up to the pipe buffer's 4 KiB are atomic; paths are cut
to 1 KiB to stay below it).
"""

import contextlib
import os
from datetime import UTC, datetime
from functools import lru_cache

import orjson

MAX_PATH_CHARS = 1024


class JsonAccessLog:
    def __init__(self, fd: int = 1):
        self.fd = fd

    def write(self, record: dict) -> None:
        # A closed or full stdout must not fail a request that has been answered.
        with contextlib.suppress(OSError):
            os.write(self.fd, orjson.dumps(record) + b"\n")


def log_record(
    *,
    finished: float,
    method: str,
    route: str,
    path: str,
    status: int,
    seconds: float,
    sent: int,
    request_id: str,
    revision: int | None,
    cache_hit: bool | None,
    trace,
) -> dict:
    """The fields of one request's line (``trace``: a TraceContext or None)."""
    return {
        "time": f"{_second(int(finished))}.{int(finished * 1000) % 1000:03d}Z",
        "method": method,
        "route": route,
        "path": path[:MAX_PATH_CHARS],
        "status": status,
        "duration_ms": round(seconds * 1000, 3),
        "bytes": sent,
        "request_id": request_id,
        "revision": revision,
        "cache_hit": cache_hit,
        "trace_id": trace.trace_id if trace else None,
        "parent_id": trace.parent_id if trace else None,
    }


@lru_cache(maxsize=4)
def _second(epoch_second: int) -> str:
    """``2026-11-30T13:04:35``: formatted once a second, not once a request."""
    return datetime.fromtimestamp(epoch_second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
