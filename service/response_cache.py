"""GET answers keyed on the data's revision and the URL: ETags, 304s and an in-process cache.

A ``GET`` of the timeline or a resource is a pure function of its URL and of the data, and
the data is named exactly by its revision (service/store/revision.py). So, for views that
declare ``cache_responses = True``:

- the reads of one request run in one read transaction that starts by reading the revision;
- the ETag is a hash of (database instance, revision, API version, URL), known before the
  view runs, so an ``If-None-Match`` naming it is answered 304 without running the view (such
  an ETag was only ever sent with a 200, so the URL is valid);
- with ``TIMELINE_RESPONSE_CACHE`` on, a WSGI middleware in front of Flask keeps each finished
  200 answer (body and every header) in a bounded LRU under the same key plus the request's
  ``Origin`` (CORS headers depend on it), and serves it again, without entering Flask, until
  the revision moves: in every worker, whoever wrote.

The URL is taken whole (scheme, host, path and query as sent): the ``next`` link in a page
repeats the host and the query parameters in their order, so only an identical URL is
guaranteed an identical body. The key also holds the content coding the client accepts
(service/compression.py), so a gzipped answer has its own ETag and is kept and replayed
gzipped. The cache reports hits, misses, evictions and its size to ``CacheStats``
(service/metrics.py), and leaves in the environ whether it answered and for which route
(service/request_notes.py).
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request
from werkzeug.datastructures import ETags
from werkzeug.http import parse_etags

from service.compression import negotiated_encoding
from service.db import get_db
from service.request_notes import CACHE_HIT, REVISION, ROUTE
from service.store.revision import Revision, current_revision
from service.store.transactions import begin_snapshot, end_snapshot, read_snapshot

_CACHEABLE = "timeline.cacheable"
# Headers a 304 repeats from the 200 it stands for (RFC 9110, section 15.4.5).
_NOT_MODIFIED_HEADERS = {"etag", "cache-control", "vary", "content-location", "expires"}


@dataclass(frozen=True)
class CachedAnswer:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str | None
    route: str | None = None


class CacheStats:
    """Told of every lookup and eviction, and of the bytes held (service/metrics.py counts
    them); this one ignores them."""

    def hit(self) -> None: ...

    def miss(self) -> None: ...

    def evicted(self) -> None: ...

    def holding(self, size: int) -> None: ...


class ResponseCache:
    """A least-recently-used map of keys to answers, bounded by the bytes of their bodies."""

    def __init__(self, max_bytes: int, stats: CacheStats | None = None):
        self.max_bytes = max_bytes
        self.stats = stats or CacheStats()
        self._answers: OrderedDict[str, CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedAnswer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
        if answer is None:
            self.stats.miss()
        else:
            self.stats.hit()
        return answer

    def put(self, key: str, answer: CachedAnswer) -> None:
        if len(answer.body) > self.max_bytes:
            return
        with self._lock:
            previous = self._answers.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous.body)
            self._answers[key] = answer
            self._bytes += len(answer.body)
            while self._bytes > self.max_bytes:
                _, evicted = self._answers.popitem(last=False)
                self._bytes -= len(evicted.body)
                self.stats.evicted()
            self.stats.holding(self._bytes)


class CachingMiddleware:
    """Serves repeated GETs from the cache before Flask runs; remembers fresh 200 answers."""

    def __init__(self, app: Flask, cache: ResponseCache):
        self.wsgi_app = app.wsgi_app
        self.connections = app.extensions["timeline_db"]
        self.api_version = app.config["API_VERSION"]
        self.cache = cache

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        if method not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        db = self.connections.get()
        with read_snapshot(db):
            revision = environ[REVISION] = current_revision(db)
            key = f"{url_key(revision, self.api_version, environ)} {environ.get('HTTP_ORIGIN')}"
            answer = self.cache.get(key)
            environ[CACHE_HIT] = answer is not None
            if answer is not None:
                environ[ROUTE] = answer.route
                return _replay(answer, environ, start_response)
            return self._answer_and_remember(key, environ, start_response)

    def _answer_and_remember(self, key, environ, start_response):
        started = {}

        def remember_start(status, headers, exc_info=None):
            started["status"], started["headers"] = status, headers
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, remember_start)
        cacheable = environ.get(_CACHEABLE) and environ["REQUEST_METHOD"] == "GET"
        if not cacheable or not started.get("status", "").startswith("200"):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        headers = tuple(started["headers"])
        etag = next((value for name, value in headers if name.lower() == "etag"), None)
        answer = CachedAnswer(started["status"], headers, data, etag, environ.get(ROUTE))
        self.cache.put(key, answer)
        return [data]


def init_app(app: Flask, stats: CacheStats | None = None) -> None:
    app.before_request(start_keyed_answer)
    app.teardown_request(end_request_snapshot)
    if app.config["TIMELINE_RESPONSE_CACHE"]:
        max_bytes = int(app.config["TIMELINE_RESPONSE_CACHE_MB"] * 1024 * 1024)
        app.wsgi_app = CachingMiddleware(app, ResponseCache(max_bytes, stats))


def url_key(revision: Revision, api_version: str, environ: dict) -> str:
    """What a GET's answer depends on: the data's revision, the API version, the URL and
    the content coding the client accepts (so each coding has its own ETag and entry)."""
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    return (
        f"{revision.instance}:{revision.number}:{api_version}:{negotiated_encoding(environ)}:"
        f"{environ['wsgi.url_scheme']}://{host}{environ.get('SCRIPT_NAME', '')}"
        f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"
    )


def start_keyed_answer() -> Response | None:
    """For cacheable views: key the answer, and answer 304 when ``If-None-Match`` names it."""
    if request.method not in ("GET", "HEAD") or not _caches_responses(request.endpoint):
        return None
    environ = request.environ
    revision = environ.get(REVISION)
    if revision is None:
        db = get_db()
        if begin_snapshot(db):
            g.snapshot_db = db
        revision = environ[REVISION] = current_revision(db)
    environ[_CACHEABLE] = True
    key = url_key(revision, current_app.config["API_VERSION"], environ)
    g.response_etag = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    if "HTTP_IF_NONE_MATCH" in environ and _etag_still_holds(
        request.if_none_match, g.response_etag
    ):
        return Response(status=304)
    return None


def end_request_snapshot(_error: BaseException | None = None) -> None:
    """End the read snapshot ``start_keyed_answer`` began, when the request is done."""
    db = g.pop("snapshot_db", None)
    if db is not None:
        end_snapshot(db)


def _replay(answer: CachedAnswer, environ, start_response):
    if answer.etag is not None and "HTTP_IF_NONE_MATCH" in environ:
        if_none_match = parse_etags(environ["HTTP_IF_NONE_MATCH"])
        if if_none_match.star_tag or if_none_match.contains_weak(answer.etag.strip('"')):
            headers = [(n, v) for n, v in answer.headers if n.lower() in _NOT_MODIFIED_HEADERS]
            start_response("304 NOT MODIFIED", headers)
            return []
    start_response(answer.status, list(answer.headers))
    return [] if environ["REQUEST_METHOD"] == "HEAD" else [answer.body]


def _etag_still_holds(if_none_match: ETags, etag: str) -> bool:
    """``If-None-Match`` names this ETag. (``*`` is left to the view: a URL that is a 400
    has no representation to match.)"""
    return not if_none_match.star_tag and if_none_match.contains_weak(etag)


def _caches_responses(endpoint: str | None) -> bool:
    view = current_app.view_functions.get(endpoint) if endpoint else None
    return bool(getattr(getattr(view, "view_class", None), "cache_responses", False))
