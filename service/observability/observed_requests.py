"""The outermost WSGI layer: names every request, then times, counts and logs its answer.

Every answer carries ``X-Request-ID`` (the client's when sane, else a new one; problems
quote it too, service/errors.py). With metrics on (metrics.py) or JSON logs
(access_log.py), the layer also notes when the request arrived, and when the whole
answer has been handed to the server records the route template, status, duration and
size: for a body held in memory (a list: every answer the response cache replays or keeps)
when the app returns it, for any other body when the server closes it after its last byte.
It sits outside the response cache, so answers served from the cache count too. The route
template is left in the environ by Flask's teardown, or by the response cache for an answer
it replays; a path that matched no route is ``unmatched``.

Each answer is recorded as a tuple of ``Answer``'s fields (request_notes.py)
appended to a queue in memory, and ``flush`` hands the queue to the metrics and the log in
one batch: every ``FLUSH_SECONDS`` (a quarter of a second) from a thread of each worker
(``Flushing``), when the worker stops (the server's lifespan shutdown,
service/serving/asgi.py), when a scrape asks (metrics.py), and at once by the
request that finds ``MOST_HELD`` answers waiting, so memory stays bounded and a stdout that
does not keep up slows requests instead.

Why batches: counting and logging each answer as it happened made a cached answer 8-18 %
dearer under the server (bench/RESULTS.md). The work is small in itself (7 microseconds in
process), but under the server it competes for the GIL with the event loop and a2wsgi's
hand-offs and costs several times that. Batched, a request only appends a tuple, and the
flushing thread does the rest with fewer hand-offs. The price: lines and counts reach stdout
and the metric files up to a quarter of a second late, and a worker that is killed, not
stopped, loses its last quarter second of them. (Once a second made batches four times
larger, and formatting one held the GIL long enough to show in the p99.)
"""

import logging
import re
import threading
import time
import weakref
from collections import deque
from functools import lru_cache

from flask import Flask, request

from service.observability.access_log import JsonAccessLog
from service.observability.metrics import Metrics
from service.observability.request_ids import request_id
from service.observability.request_notes import CACHE_HIT, REQUEST_ID, REVISION, ROUTE

UNMATCHED = "unmatched"
FLUSH_SECONDS = 0.25  # a batch then holds a few hundred answers: a short hold of the GIL
MOST_HELD = 10_000  # answers; at 300 bytes or so each, a few MB at most
_CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")

logger = logging.getLogger(__name__)


def init_app(app: Flask, metrics: Metrics | None) -> None:
    """Wrap the app (last, so outside every other layer) and note each request's route."""
    log = JsonAccessLog() if app.config["TIMELINE_LOG_FORMAT"] == "json" else None
    app.teardown_request(remember_route)
    app.wsgi_app = observed = ObservedRequests(app.wsgi_app, metrics=metrics, log=log)
    app.extensions["timeline_observed_requests"] = observed


def remember_route(_error: BaseException | None = None) -> None:
    rule = request.url_rule
    request.environ[ROUTE] = route_template(rule.rule) if rule is not None else UNMATCHED


@lru_cache(maxsize=256)
def route_template(rule: str) -> str:
    """``/events/<string:event_id>`` as ``/events/{event_id}``."""
    return _CONVERTER.sub(r"{\1}", rule)


class ObservedRequests:
    def __init__(self, wsgi_app, *, metrics: Metrics | None, log: JsonAccessLog | None):
        self.wsgi_app = wsgi_app
        self.metrics = metrics
        self.log = log
        self.answers: deque[tuple] = deque()  # Answer's fields, in its order
        self._flushing = threading.Lock()  # one batch at a time, so lines keep their order
        self.periodic = Flushing(self.flush)

    def __call__(self, environ, start_response):
        named = self.name(environ)
        if self.metrics is None and self.log is None:

            def start_named(status, headers, exc_info=None):
                return start_response(status, [*headers, named], exc_info)

            return self.wsgi_app(environ, start_named)
        exchange = _Exchange(self, environ, start_response)
        try:
            exchange.body = self.wsgi_app(environ, exchange.start)
        except BaseException:
            exchange.status = exchange.status or "500"
            self.finish(exchange)
            raise
        if type(exchange.body) is list:  # whole, so handed over now: nothing to wait for
            exchange.sent = sum(map(len, exchange.body))
            self.finish(exchange)
            return exchange.body
        return exchange

    def name(self, environ) -> tuple[str, str]:
        """Give the request its id (request_ids.py); the header that carries it back."""
        named = environ[REQUEST_ID] = request_id(environ.get("HTTP_X_REQUEST_ID"))
        return ("X-Request-ID", named)

    def finish(self, exchange: "_Exchange") -> None:
        self.record(exchange.environ, exchange.started, exchange.status, exchange.sent)

    def record(self, environ, started: float, status: str, sent: int) -> None:
        """Record an answer (cheaply: this runs on every request), whoever gave it: the
        layers below, or the server's loop from the response cache (service/serving/asgi.py).

        A plain tuple of numbers, strings and None, not an ``Answer``: the garbage collector
        stops tracking such a tuple at its first pass, but tracks a NamedTuple for life, and
        thousands of them carried into its oldest generation made full collections (20 ms
        and more) frequent enough to cost 1-2 % of a cached answer's CPU."""
        if self.metrics is None and self.log is None:
            return
        revision = environ.get(REVISION)
        answer = (
            time.time(),
            time.perf_counter() - started,
            environ["REQUEST_METHOD"],
            environ.get(ROUTE, UNMATCHED),
            environ.get("PATH_INFO", ""),
            status,
            sent,
            environ[REQUEST_ID],
            revision.number if revision is not None else None,
            environ.get(CACHE_HIT),
            environ.get("HTTP_TRACEPARENT"),
        )
        self.answers.append(answer)
        if len(self.answers) >= MOST_HELD:
            self.flush()
        self.periodic.start()

    def flush(self) -> None:
        """Hand every answer recorded so far to the metrics and the log."""
        with self._flushing:
            answers = [self.answers.popleft() for _ in range(len(self.answers))]
            if not answers:
                return
            try:
                if self.metrics is not None:
                    self.metrics.count(answers)
            finally:  # a failure of one must not cost the other its batch
                if self.log is not None:
                    self.log.write(answers)


class _Exchange:
    """One request's answer on its way out: its status, and its body counted as it is sent."""

    __slots__ = ("body", "environ", "observer", "sent", "start_response", "started", "status")

    def __init__(self, observer: ObservedRequests, environ, start_response):
        self.observer, self.environ, self.start_response = observer, environ, start_response
        self.started = time.perf_counter()
        self.status = ""
        self.sent = 0
        self.body = ()

    def start(self, status, headers, exc_info=None):
        self.status = status
        named = ("X-Request-ID", self.environ[REQUEST_ID])
        return self.start_response(status, [*headers, named], exc_info)

    def __iter__(self):
        for chunk in self.body:
            self.sent += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.observer.finish(self)


class Flushing:
    """Calls ``flush`` every ``FLUSH_SECONDS`` from a daemon thread, started by the first call to
    ``start`` (so in the worker that serves the requests, after any fork). The thread holds
    the app weakly and ends when it is gone."""

    def __init__(self, flush):
        self._flush = weakref.WeakMethod(flush)
        self._started = False
        self._starting = threading.Lock()

    def start(self) -> None:
        if self._started:
            return
        with self._starting:
            if self._started:
                return
            threading.Thread(target=self._periodically, name="flush", daemon=True).start()
            self._started = True

    def _once(self) -> bool:
        """Flush; False once the app is gone."""
        flush = self._flush()
        if flush is None:
            return False
        try:
            flush()
        except Exception:  # keep flushing: the next batch may go through
            logger.exception("could not write the metrics or the request log")
        return True

    def _periodically(self) -> None:
        while True:
            time.sleep(FLUSH_SECONDS)
            if not self._once():
                return
