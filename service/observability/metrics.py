"""Prometheus metrics: requests, latency, the response cache, the data and the build.

``TIMELINE_METRICS``: ``off`` (the default) serves no ``/metrics`` and records nothing;
``on`` serves it to anyone; ``token`` only with a write token (``Authorization: Bearer``).

Under gunicorn every worker is its own process, so the counters live in prometheus-client's
multiprocess files: the server's start-up hook (service/serving/gunicorn_hooks.py) makes an empty
directory and names it in ``PROMETHEUS_MULTIPROC_DIR`` before any worker imports this
module, and a scrape, answered by whichever worker gets it, adds up every worker's files.
Without that variable (tests, one process) the values stay in this process.

Label values are bounded: a route is its template (``/events/{event_id}``), never the path
or the query; the method is one of the HTTP methods the API knows, else ``OTHER``; the status
is one of the codes the app answers with. The data's revision and event count are read from
the database when scraped, and the build's versions are fixed.

Answers are counted in batches: each worker holds its answers in memory and adds them here
four times a second (observed_requests.py), and a scrape first adds its own
worker's. So a scrape may miss another worker's last quarter second, and a worker that is
killed (not stopped) loses at most its last quarter second of counts. Counting each answer
as it happened cost three locked writes to the metric files per request (why batches:
observed_requests.py). Cache hits and misses are the answers' own ``cache_hit``
note, the same fact the log carries.

prometheus-client is imported where it is used, never at start: with metrics off (the
default) a worker does not carry its 12 MB.
"""

import glob
import os
import platform
import sqlite3
from bisect import bisect_left
from collections import Counter as Tally
from collections.abc import Iterable
from importlib import metadata
from typing import TYPE_CHECKING

from flask import Blueprint, Flask, Response, current_app

from service.files.db import get_db
from service.http import auth
from service.store.resources import count_events
from service.store.revision import current_revision

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

MODES = ("off", "on", "token")
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Seconds; most answers take a millisecond or two, exports of large timelines far longer.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)
_UPPER_BOUNDS = (*LATENCY_BUCKETS, float("inf"))

blp = Blueprint("metrics", __name__)


class Metrics:
    """The metrics one app records, registered in ``registry`` (or multiprocess files)."""

    def __init__(self, registry: "CollectorRegistry"):
        from prometheus_client import Counter, Gauge, Histogram

        self.registry = registry
        self.requests = Counter(
            "timeline_http_requests",
            "HTTP requests answered, by route template, method and status.",
            ["route", "method", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "timeline_http_request_duration_seconds",
            "Time from receiving a request to the last byte of its answer, by route template.",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.cache_hits = Counter(
            "timeline_response_cache_hits",
            "GETs answered from the response cache.",
            registry=registry,
        )
        self.cache_misses = Counter(
            "timeline_response_cache_misses",
            "GETs looked up in the response cache and not found.",
            registry=registry,
        )
        self.cache_evictions = Counter(
            "timeline_response_cache_evictions",
            "Answers dropped from the response cache to stay within its size.",
            registry=registry,
        )
        self.cache_bytes = Gauge(
            "timeline_response_cache_bytes",
            "Bytes of answers held in the response caches of all live workers.",
            registry=registry,
            multiprocess_mode="livesum",
        )

    def count(self, answers: Iterable[tuple]) -> None:
        """Add a batch of answers (each ``Answer``'s fields, request_notes.py) to the
        request counter, the latency histogram and the cache's hits and misses. (One tally
        per batch, read back per distinct key: this runs for every request, in each worker's
        flushing thread.)"""
        tally: Tally[tuple] = Tally()
        seconds_by_route: dict[str, float] = {}
        for _, seconds, method, route, _, status, _, _, _, hit, _ in answers:
            tally[route, method, status[:3], bisect_left(_UPPER_BOUNDS, seconds), hit] += 1
            seconds_by_route[route] = seconds_by_route.get(route, 0.0) + seconds
        requests: Tally[tuple[str, str, str]] = Tally()
        buckets: dict[str, list[int]] = {}
        cache: Tally[bool | None] = Tally()
        for (route, method, status, bucket, hit), answered in tally.items():
            requests[route, method if method in KNOWN_METHODS else "OTHER", status] += answered
            buckets.setdefault(route, [0] * len(_UPPER_BOUNDS))[bucket] += answered
            cache[hit] += answered
        for labels, answered in requests.items():
            self.requests.labels(*labels).inc(answered)
        for route, seconds in seconds_by_route.items():
            add_observations(self.latency.labels(route), seconds, buckets[route])
        if cache[True]:
            self.cache_hits.inc(cache[True])
        if cache[False]:
            self.cache_misses.inc(cache[False])

    # The response cache reports to these (service/http/response_cache.py, ``CacheStats``).
    def evicted(self) -> None:
        self.cache_evictions.inc()

    def holding(self, size: int) -> None:
        self.cache_bytes.set(size)


def add_observations(histogram, seconds: float, buckets: list[int]) -> None:
    """Record in ``histogram`` (a labelled child) what ``observe`` would have recorded for
    observations summing to ``seconds``, ``buckets[i]`` of them in the bucket of
    ``_UPPER_BOUNDS[i]`` (the first bound at or above the value, as Prometheus places it).

    prometheus-client has no public call for many observations at once, so this adds to the
    values ``observe`` adds to (``_sum``, and ``_buckets``, one per bound, not cumulative).
    Its version is pinned, and tests/unit/observability/test_metrics_batches.py fails if the
    two disagree.
    """
    histogram._sum.inc(seconds)
    for value, count in zip(histogram._buckets, buckets, strict=True):
        if count:
            value.inc(count)


class DataAndBuild:
    """Collected when scraped: the data's revision and event count, and the build's versions."""

    def __init__(self, revision, events: int):
        self.revision, self.events = revision, events

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily

        revision = GaugeMetricFamily(
            "timeline_data_revision",
            "Writes made to this database since it was built (its revision).",
            labels=["database"],
        )
        revision.add_metric([self.revision.instance], self.revision.number)
        yield revision
        yield GaugeMetricFamily("timeline_events", "Events in the database.", value=self.events)
        yield InfoMetricFamily(
            "timeline_build",
            "The versions this server runs.",
            value={
                "version": _version(),
                "sqlite_version": sqlite3.sqlite_version,
                "python_version": platform.python_version(),
            },
        )


def init_app(app: Flask) -> Metrics | None:
    """Create the app's metrics and its ``/metrics`` route, unless metrics are off.
    (After service.http.auth: ``token`` needs the tokens.)"""
    mode = app.config["TIMELINE_METRICS"]
    if mode == "off":
        return None
    if mode == "token" and not app.extensions["timeline_tokens"]:
        raise ValueError(
            "TIMELINE_METRICS=token needs a token: set TIMELINE_API_TOKEN or TIMELINE_TOKENS_FILE"
        )
    from prometheus_client import CollectorRegistry

    metrics = Metrics(CollectorRegistry(auto_describe=True))
    app.extensions["timeline_metrics"] = metrics
    app.register_blueprint(blp)
    return metrics


@blp.route("/metrics")
def scrape():
    """Every metric in the Prometheus text format; with ``token``, only for a write token."""
    if current_app.config["TIMELINE_METRICS"] == "token":
        refused = auth.refuse_without_token()
        if refused is not None:
            return refused
    from prometheus_client import CONTENT_TYPE_LATEST

    response = Response(exposition(), mimetype=None)
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    response.cache_control.no_store = True
    return response


def exposition() -> bytes:
    from prometheus_client import CollectorRegistry, generate_latest

    current_app.extensions["timeline_observed_requests"].flush()  # this worker's, up to now
    db = get_db()
    data = DataAndBuild(current_revision(db), count_events(db))
    scraped = CollectorRegistry()
    scraped.register(data)
    directory = current_app.config["PROMETHEUS_MULTIPROC_DIR"]
    if directory:
        scraped.register(WorkerFiles(directory))
        return generate_latest(scraped)
    own = current_app.extensions["timeline_metrics"].registry
    return generate_latest(own) + generate_latest(scraped)


class WorkerFiles:
    """Every worker's multiprocess files, added up. A worker creates each file empty and then
    sizes it; a scrape in between would fail on the empty file, so files still empty are left
    out (they hold no values yet). A file, once sized, stays readable."""

    def __init__(self, directory: str):
        self.directory = directory

    def collect(self):
        from prometheus_client.multiprocess import MultiProcessCollector

        files = glob.glob(os.path.join(self.directory, "*.db"))
        return MultiProcessCollector.merge([path for path in files if _sized(path)])


def _sized(path: str) -> bool:
    try:
        return os.path.getsize(path) > 0
    except FileNotFoundError:  # a dead worker's live gauges, just removed (child_exit)
        return False


def _version() -> str:
    try:
        return metadata.version("timeline-service")
    except metadata.PackageNotFoundError:
        return "unknown"
