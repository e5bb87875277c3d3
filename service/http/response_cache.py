"""GET answers keyed on the data's revision and the URL: ETags, 304s and an in-process cache.

A ``GET`` of the timeline or a resource is a pure function of its URL and of the data, and
the data is named exactly by its revision (service/store/revision.py). So, for views that
declare ``cache_responses = True``:

- the reads of one request run in one read transaction that starts by reading the revision;
- the ETag is a hash of (database instance, revision, API version, URL), known before the
  view runs, so an ``If-None-Match`` naming it is answered 304 without running the view (such
  an ETag was only ever sent with a 200, so the URL is valid);
- with ``TIMELINE_RESPONSE_CACHE`` on, a WSGI middleware in front of Flask keeps each finished
  200 answer (body and every header) in a bounded LRU under the same key, and serves it
  again, without entering Flask, until the revision moves: in every worker, whoever wrote.
  A 304 it answers carries every header the 200 did but those describing the body
  (werkzeug's rule, as for the 304s Flask makes): security and CORS headers included.

The key holds each part of the URL as the route saw it, separately: scheme, host, the
``SCRIPT_NAME`` prefix, the query and the path (``SCRIPT_NAME=/events`` with path ``/tags``
is the tag list, and must never be replayed for ``/events/tags``, the event "tags"). The
``next`` link in a page repeats the host and the query parameters in their order, so only an
identical URL is guaranteed an identical body. ``Origin`` is part of the key only through
the CORS answer flask-cors gives it (service/http/cors.py): never with
``TIMELINE_CORS_ORIGINS=*``; otherwise the ``Access-Control-Allow-Origin`` it sends, so each
origin it allows (as listed, in any letter case, or matching a listed pattern) has its own
entry, and every origin it refuses shares one, so clients cannot split the cache with them.

The key also holds the content coding the client accepts (service/http/compression.py), so a
gzipped answer has its own ETag and is kept and replayed gzipped. The size bound counts what
an entry really costs in memory (key, status, headers, body, the objects holding them and the
LRU's own bookkeeping), measured with ``sys.getsizeof``. The cache reports evictions and its
size to ``CacheStats`` (observability/metrics.py), and leaves in the environ whether it answered
and for which route (observability/request_notes.py): the metrics count hits and misses from that.
"""

import hashlib
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request
from werkzeug.datastructures import ETags, Headers
from werkzeug.http import parse_etags, remove_entity_headers

from service.files.db import get_db
from service.http import cors
from service.http.compression import negotiated_encoding
from service.observability.request_notes import CACHE_HIT, REVISION, ROUTE
from service.store.revision import Revision, current_revision
from service.store.transactions import begin_snapshot, end_snapshot, read_snapshot

_CACHEABLE = "timeline.cacheable"
# What one OrderedDict entry costs beyond its key and value: a hash-table slot and a node
# of its linked list (measured on CPython 3.11: about 100 bytes).
_LRU_ENTRY_BYTES = 104


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str | None
    route: str | None = None

    @property
    def not_modified_headers(self) -> list[tuple[str, str]]:
        """The headers of a 304 standing for this answer: all but those about the body."""
        headers = Headers(list(self.headers))
        remove_entity_headers(headers)
        return headers.to_wsgi_list()


def entry_cost(key: str, answer: CachedAnswer) -> int:
    """Bytes of memory an entry holds: key, answer object, status, body, every header.

    Header names are not counted: they are the code's own string constants, shared by all.
    """
    headers = sum(
        sys.getsizeof(pair) + sys.getsizeof(value) for pair in answer.headers for value in pair[1:]
    )
    return (
        _LRU_ENTRY_BYTES
        + sys.getsizeof(key)
        + sys.getsizeof(answer)
        + sys.getsizeof(answer.status)
        + sys.getsizeof(answer.body)
        + sys.getsizeof(answer.headers)
        + headers
        + (sys.getsizeof(answer.etag) if answer.etag is not None else 0)
    )


class CacheStats:
    """Told of every eviction and of the bytes held (observability/metrics.py counts them); this
    one ignores them."""

    def evicted(self) -> None: ...

    def holding(self, size: int) -> None: ...


class ResponseCache:
    """A least-recently-used map of keys to answers, bounded by what its entries cost."""

    def __init__(self, max_bytes: int, stats: CacheStats | None = None):
        self.max_bytes = max_bytes
        self.stats = stats or CacheStats()
        self._answers: OrderedDict[str, tuple[CachedAnswer, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedAnswer | None:
        with self._lock:
            entry = self._answers.get(key)
            if entry is not None:
                self._answers.move_to_end(key)
        return entry[0] if entry is not None else None

    def put(self, key: str, answer: CachedAnswer) -> None:
        cost = entry_cost(key, answer)
        if cost > self.max_bytes:
            return
        with self._lock:
            previous = self._answers.pop(key, None)
            if previous is not None:
                self._bytes -= previous[1]
            self._answers[key] = (answer, cost)
            self._bytes += cost
            while self._bytes > self.max_bytes:
                _, (_, evicted_cost) = self._answers.popitem(last=False)
                self._bytes -= evicted_cost
                self.stats.evicted()
            self.stats.holding(self._bytes)

    def __len__(self) -> int:
        return len(self._answers)

    @property
    def size(self) -> int:
        """What the entries cost now, in bytes (never more than ``max_bytes``)."""
        return self._bytes


class CachingMiddleware:
    """Serves repeated GETs from the cache before Flask runs; remembers fresh 200 answers."""

    def __init__(self, app: Flask, cache: ResponseCache):
        self.wsgi_app = app.wsgi_app
        self.connections = app.extensions["timeline_db"]
        self.api_version = app.config["API_VERSION"]
        self.cache = cache
        self.allowed_origins = cors.allowed_origins(app)

    def origin_part(self, environ) -> str:
        """The part of the key for ``Origin``: what flask-cors answers it
        (``Access-Control-Allow-Origin``); empty when that never depends on it."""
        if self.allowed_origins is None:
            return ""
        return self.allowed_origins(environ.get("HTTP_ORIGIN"))

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        if method not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        db = self.connections.get()
        with read_snapshot(db):
            revision = environ[REVISION] = current_revision(db)
            key = self.key(revision, environ)
            answer = self.cache.get(key)
            environ[CACHE_HIT] = answer is not None
            if answer is not None:
                environ[ROUTE] = answer.route
                status, headers, body = replayed(answer, environ)
                start_response(status, headers)
                return body
            return self._answer_and_remember(key, environ, start_response)

    def replay(self, environ) -> tuple[str, list[tuple[str, str]], bytes] | None:
        """The answer the cache holds for this ``GET`` or ``HEAD`` at the data's revision
        now, as it is replayed (status, headers, body); None when it holds none. For the
        event loop (service/serving/asgi.py): it reads through the calling thread's own
        connection, following a replica's pointer first as ``FollowSnapshots`` does."""
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return None
        if self.connections.read_only:
            self.connections.follow_pointer()
        revision = current_revision(self.connections.get())
        answer = self.cache.get(self.key(revision, environ))
        if answer is None:
            return None
        environ[REVISION], environ[CACHE_HIT], environ[ROUTE] = revision, True, answer.route
        status, headers, body = replayed(answer, environ)
        return status, headers, b"".join(body)

    def key(self, revision: Revision, environ) -> str:
        return f"{self.origin_part(environ)}\n{url_key(revision, self.api_version, environ)}"

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
        cache = app.extensions["timeline_response_cache"] = ResponseCache(max_bytes, stats)
        app.wsgi_app = cached = CachingMiddleware(app, cache)
        app.extensions["timeline_cached_answers"] = cached


def url_key(revision: Revision, api_version: str, environ: dict) -> str:
    """What a GET's answer depends on: the data's revision, the API version, the content
    coding the client accepts (each coding has its own ETag and entry) and the URL as the
    route saw it. One line per part, the path last: no other part can hold a line break
    (they come from the request line and header values), so no two URLs share a key."""
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    return (
        f"{revision.instance}:{revision.number}:{api_version}:{negotiated_encoding(environ)}\n"
        f"{environ['wsgi.url_scheme']}\n"
        f"{host}\n{environ.get('SCRIPT_NAME', '')}\n{environ.get('QUERY_STRING', '')}\n"
        f"{environ.get('PATH_INFO', '')}"
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
        # Keyed views are the JSON API's: the 304 gets the headers (CSP) a JSON answer gets.
        return Response(status=304, mimetype="application/json")
    return None


def snapshot_revision() -> Revision | None:
    """The data's revision in this GET's read snapshot, when the cache's layers have read it
    (every view that caches responses): a view's store call then need not read it again."""
    return request.environ.get(REVISION)


def end_request_snapshot(_error: BaseException | None = None) -> None:
    """End the read snapshot ``start_keyed_answer`` began, when the request is done."""
    db = g.pop("snapshot_db", None)
    if db is not None:
        end_snapshot(db)


def replayed(answer: CachedAnswer, environ) -> tuple[str, list[tuple[str, str]], list[bytes]]:
    """The kept answer to this request: a 304 when ``If-None-Match`` names its ETag, else
    the 200 (without its body for ``HEAD``)."""
    if answer.etag is not None and "HTTP_IF_NONE_MATCH" in environ:
        if_none_match = parse_etags(environ["HTTP_IF_NONE_MATCH"])
        if if_none_match.star_tag or if_none_match.contains_weak(answer.etag.strip('"')):
            return "304 NOT MODIFIED", answer.not_modified_headers, []
    body = [] if environ["REQUEST_METHOD"] == "HEAD" else [answer.body]
    return answer.status, list(answer.headers), body


def _etag_still_holds(if_none_match: ETags, etag: str) -> bool:
    """``If-None-Match`` names this ETag. (``*`` is left to the view: a URL that is a 400
    has no representation to match.)"""
    return not if_none_match.star_tag and if_none_match.contains_weak(etag)


def _caches_responses(endpoint: str | None) -> bool:
    view = current_app.view_functions.get(endpoint) if endpoint else None
    return bool(getattr(getattr(view, "view_class", None), "cache_responses", False))
