"""GET answers keyed on the data's revision and the URL: ETags, 304s and an in-process cache.

A ``GET`` of the timeline or a resource is a pure function of its URL and of the data, and
the data is named exactly by its revision (service/store/revision.py). So, for views that
declare ``cache_responses = True``:

- the reads of one request run in one read transaction, after reading the revision;
- the ETag is a hash of (database instance, revision, API version, URL), known before the
  view runs, so an ``If-None-Match`` naming it is answered 304 without running the view (such
  an ETag was only ever sent with a 200, so the URL is valid);
- with ``TIMELINE_RESPONSE_CACHE`` on, the 200 answer is kept in a bounded LRU under the same
  key and served again until the revision moves, in every worker, whoever wrote.

The URL is taken whole (scheme, host, path and query as sent): the ``next`` link in a page
repeats the host and the query parameters in their order, so only an identical URL is
guaranteed an identical body.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request

from service.db import get_db
from service.store.revision import current_revision


@dataclass(frozen=True)
class CachedAnswer:
    body: bytes
    mimetype: str
    headers: tuple[tuple[str, str], ...]


class ResponseCache:
    """A least-recently-used map of keys to answers, bounded by the bytes of their bodies."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._answers: OrderedDict[str, CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedAnswer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
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


def register(app: Flask) -> None:
    if app.config["TIMELINE_RESPONSE_CACHE"]:
        max_bytes = int(app.config["TIMELINE_RESPONSE_CACHE_MB"] * 1024 * 1024)
        app.extensions["timeline_response_cache"] = ResponseCache(max_bytes)
    app.before_request(answer_from_key)
    app.after_request(remember_answer)
    app.teardown_request(end_snapshot)


def answer_from_key() -> Response | None:
    """Start the request's read snapshot; answer 304 or from the cache when the key allows."""
    if request.method not in ("GET", "HEAD") or not _caches_responses(request.endpoint):
        return None
    db = get_db()
    if not db.conn.in_transaction:
        db.execute("BEGIN")
        g.snapshot_db = db
    revision = current_revision(db)
    key = f"{revision.instance}:{revision.number}:{current_app.config['API_VERSION']}:{request.url}"
    g.response_key = key
    g.response_etag = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    if _etag_still_holds(g.response_etag):
        return Response(status=304)
    cache: ResponseCache | None = current_app.extensions.get("timeline_response_cache")
    answer = cache.get(key) if cache is not None else None
    if answer is None:
        return None
    g.response_from_cache = True
    return Response(answer.body, mimetype=answer.mimetype, headers=list(answer.headers))


def remember_answer(response: Response) -> Response:
    """Keep a freshly computed 200 answer under the request's key."""
    cache: ResponseCache | None = current_app.extensions.get("timeline_response_cache")
    if (
        cache is None
        or "response_key" not in g
        or g.get("response_from_cache")
        or response.status_code != 200
        or response.is_streamed
    ):
        return response
    headers = tuple(
        (name, response.headers[name]) for name in ("Link",) if name in response.headers
    )
    cache.put(g.response_key, CachedAnswer(response.get_data(), response.mimetype, headers))
    return response


def end_snapshot(_error: BaseException | None = None) -> None:
    db = g.pop("snapshot_db", None)
    if db is not None and db.conn.in_transaction:
        db.execute("COMMIT")


def _etag_still_holds(etag: str) -> bool:
    """``If-None-Match`` names this ETag. (``*`` is left to the view: a URL that is a 400
    has no representation to match.)"""
    if_none_match = request.if_none_match
    return not if_none_match.star_tag and if_none_match.contains_weak(etag)


def _caches_responses(endpoint: str | None) -> bool:
    view = current_app.view_functions.get(endpoint) if endpoint else None
    return bool(getattr(getattr(view, "view_class", None), "cache_responses", False))
