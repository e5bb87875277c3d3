"""The outermost WSGI layer: names every request, then times, counts and logs its answer.

Every answer carries ``X-Request-ID`` (the client's when sane, else a new one; problems
quote it too, service/errors.py). With metrics on (service/metrics.py) or JSON logs
(service/access_log.py), the layer also notes when the request arrived, and when the server
has sent the last byte (the body's ``close``) records the route template, status, duration
and size. It sits outside the response cache, so answers served from the cache count too.
The route template is left in the environ by Flask's teardown, or by the response cache
for an answer it replays; a path that matched no route is ``unmatched``.
"""

import re
import time
from functools import lru_cache

from flask import Flask, request

from service.access_log import JsonAccessLog, log_record
from service.metrics import Metrics
from service.request_ids import request_id, trace_context
from service.request_notes import CACHE_HIT, REQUEST_ID, REVISION, ROUTE

UNMATCHED = "unmatched"
_CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def init_app(app: Flask, metrics: Metrics | None) -> None:
    """Wrap the app (last, so outside every other layer) and note each request's route."""
    log = JsonAccessLog() if app.config["TIMELINE_LOG_FORMAT"] == "json" else None
    app.teardown_request(remember_route)
    app.wsgi_app = ObservedRequests(app.wsgi_app, metrics=metrics, log=log)


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

    def __call__(self, environ, start_response):
        named = environ[REQUEST_ID] = request_id(environ.get("HTTP_X_REQUEST_ID"))
        if self.metrics is None and self.log is None:

            def start_named(status, headers, exc_info=None):
                return start_response(status, [*headers, ("X-Request-ID", named)], exc_info)

            return self.wsgi_app(environ, start_named)
        exchange = _Exchange(self, environ, start_response)
        try:
            exchange.body = self.wsgi_app(environ, exchange.start)
        except BaseException:
            exchange.status = exchange.status or "500"
            self.finish(exchange)
            raise
        return exchange

    def finish(self, exchange: "_Exchange") -> None:
        seconds = time.perf_counter() - exchange.started
        environ = exchange.environ
        route = environ.get(ROUTE, UNMATCHED)
        method = environ["REQUEST_METHOD"][:16]
        status = exchange.status[:3]
        if self.metrics is not None:
            self.metrics.observe_request(route, method, status, seconds)
        if self.log is not None:
            revision = environ.get(REVISION)
            self.log.write(
                log_record(
                    finished=time.time(),
                    method=method,
                    route=route,
                    path=environ.get("PATH_INFO", ""),
                    status=int(status),
                    seconds=seconds,
                    sent=exchange.sent,
                    request_id=environ[REQUEST_ID],
                    revision=revision.number if revision is not None else None,
                    cache_hit=environ.get(CACHE_HIT),
                    trace=trace_context(environ.get("HTTP_TRACEPARENT")),
                )
            )


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
        if isinstance(self.body, list):  # the response cache's and most of Flask's answers
            self.sent = sum(map(len, self.body))
            return iter(self.body)
        return self._counted()

    def _counted(self):
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
