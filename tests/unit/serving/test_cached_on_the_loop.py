"""Cached answers (and their 304s) are served on the event loop, with no thread: the real app
on a real SQLite file, driven through the ASGI app gunicorn's worker runs."""

import asyncio
import sqlite3
import threading

import pytest

from service.app import create_app
from service.serving.asgi import behind_the_front
from tests.helpers import TOKEN, retitle_first_event

URL = "/events?tag=economy&limit=3"


def scope_of(method: str, target: str, headers: dict[str, str]) -> dict:
    path, _, query = target.partition("?")
    return {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [
            (b"host", b"timeline.test"),
            *((k.lower().encode(), v.encode()) for k, v in headers.items()),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }


class Answer:
    def __init__(self, messages: list[dict]):
        start, *bodies = messages
        self.status = start["status"]
        self.headers = {name.decode(): value.decode() for name, value in start["headers"]}
        self.body = b"".join(message.get("body", b"") for message in bodies)


async def ask(front, method: str, target: str, headers: dict[str, str] | None = None) -> Answer:
    messages = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        messages.append(message)

    await front(scope_of(method, target, headers or {}), receive, send)
    return Answer(messages)


@pytest.fixture
def front(db_path):
    app = create_app(
        {"TIMELINE_DB": str(db_path), "TIMELINE_RESPONSE_CACHE": True, "TIMELINE_API_TOKEN": TOKEN}
    )
    return behind_the_front(app)


class BusyThreads:
    """Holds every Flask thread of a front until released."""

    def __init__(self, front):
        self.executor = front.threads.executor
        self.release = threading.Event()

    def __enter__(self):
        started = threading.Barrier(self.executor._max_workers + 1)

        def hold():
            started.wait()
            self.release.wait(30)

        for _ in range(self.executor._max_workers):
            self.executor.submit(hold)
        started.wait(10)
        return self

    def __exit__(self, *exc):
        self.release.set()


def test_a_cached_answer_is_served_while_every_thread_is_busy(front):
    async def main():
        first = await ask(front, "GET", URL)
        with BusyThreads(front):
            again = await asyncio.wait_for(ask(front, "GET", URL), timeout=5)
            # A URL the cache does not hold needs a thread, so it waits: the test can fail.
            missing = asyncio.ensure_future(ask(front, "GET", "/events?limit=1"))
            done, _ = await asyncio.wait([missing], timeout=0.3)
            assert not done
        assert (await missing).status == 200
        return first, again

    first, again = asyncio.run(main())
    assert (again.status, again.body) == (200, first.body)
    assert again.headers["etag"] == first.headers["etag"]
    assert {k: v for k, v in again.headers.items() if k != "x-request-id"} == {
        k: v for k, v in first.headers.items() if k != "x-request-id"
    }


def test_a_304_for_a_cached_answer_is_served_without_a_thread(front):
    async def main():
        etag = (await ask(front, "GET", URL)).headers["etag"]
        with BusyThreads(front):
            return await asyncio.wait_for(
                ask(front, "GET", URL, {"If-None-Match": etag}), timeout=5
            ), etag

    not_modified, etag = asyncio.run(main())
    assert not_modified.status == 304
    assert not_modified.body == b""
    assert not_modified.headers["etag"] == etag
    assert "content-length" not in not_modified.headers
    assert not_modified.headers["x-content-type-options"] == "nosniff"


def test_a_head_from_the_cache_has_the_headers_and_no_body(front):
    async def main():
        first = await ask(front, "GET", URL)
        return first, await ask(front, "HEAD", URL)

    first, head = asyncio.run(main())
    assert head.status == 200
    assert head.body == b""
    assert head.headers["content-length"] == first.headers["content-length"]


def test_each_cached_answer_carries_its_own_request_id(front):
    async def main():
        await ask(front, "GET", URL)
        kept = await ask(front, "GET", URL, {"X-Request-ID": "editor-42"})
        forged = await ask(front, "GET", URL, {"X-Request-ID": 'a"\r\nx: y'})
        plain = [await ask(front, "GET", URL) for _ in range(2)]
        return kept, forged, plain

    kept, forged, plain = asyncio.run(main())
    assert kept.headers["x-request-id"] == "editor-42"
    assert forged.headers["x-request-id"] not in ('a"\r\nx: y', "")
    assert "x" not in forged.headers
    assert plain[0].headers["x-request-id"] != plain[1].headers["x-request-id"]


def test_a_write_elsewhere_is_seen_at_once_not_the_kept_answer(front, db_path):
    async def main():
        before = await ask(front, "GET", "/events?limit=3")
        await ask(front, "GET", "/events?limit=3")
        retitle_first_event(db_path, "Retitled on the primary")
        return before, await ask(front, "GET", "/events?limit=3")

    before, after = asyncio.run(main())
    assert b"Retitled on the primary" in after.body
    assert after.headers["etag"] != before.headers["etag"]


def test_answers_from_the_loop_are_counted_as_cache_hits(db_path):
    app = create_app(
        {"TIMELINE_DB": str(db_path), "TIMELINE_RESPONSE_CACHE": True, "TIMELINE_METRICS": "on"}
    )
    front = behind_the_front(app)

    async def main():
        for _ in range(3):
            await ask(front, "GET", URL)
        with BusyThreads(front):
            await asyncio.wait_for(ask(front, "GET", URL), timeout=5)
        return (await ask(front, "GET", "/metrics")).body.decode()

    exposition = asyncio.run(main())
    assert "timeline_response_cache_hits_total 3.0" in exposition
    assert 'route="/events",status="200"} 4.0' in exposition


def test_writes_and_uncached_answers_still_go_to_the_threads(front):
    async def main():
        names = []
        wsgi = front.threads.wsgi_app

        def noting(environ, start_response):
            names.append(threading.current_thread().name)
            return wsgi(environ, start_response)

        front.threads.wsgi_app = noting
        await ask(front, "GET", URL)
        await ask(front, "GET", URL)
        await ask(front, "DELETE", "/events/no-such-event", {"Authorization": f"Bearer {TOKEN}"})
        return names

    names = asyncio.run(main())
    assert len(names) == 2  # the first GET and the DELETE; the second GET never left the loop
    assert all(name.startswith("flask") for name in names)


def test_a_failure_on_the_loop_is_left_to_the_threads(front, monkeypatch):
    """If the revision cannot be read on the loop (a file being swapped, a locked database),
    the request goes to the threads, which answer it, never a bare 500 from the server."""

    def unreadable(environ):
        raise sqlite3.OperationalError("database is locked")

    async def main():
        await ask(front, "GET", URL)
        monkeypatch.setattr(front.on_the_loop.cached, "replay", unreadable)
        return await ask(front, "GET", URL)

    answer = asyncio.run(main())
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/json"
