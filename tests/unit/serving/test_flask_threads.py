"""service/serving/flask_threads.py: the WSGI app in threads, each answer handed over once."""

import asyncio
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.serving import flask_threads
from service.serving.flask_threads import FlaskThreads

SCOPE = {
    "type": "http",
    "http_version": "1.1",
    "method": "GET",
    "scheme": "http",
    "path": "/x",
    "raw_path": b"/x",
    "query_string": b"",
    "root_path": "",
    "headers": [(b"host", b"example.test")],
    "client": ("127.0.0.1", 5000),
    "server": ("127.0.0.1", 8000),
}


def answered(wsgi_app, body: bytes = b"", scope: dict = SCOPE) -> list[dict]:
    """The ASGI messages the threads send for one request."""
    sent = []

    async def send(message):
        sent.append(message)

    async def main():
        await FlaskThreads(wsgi_app, threads=2).answer(scope, body, send)

    asyncio.run(main())
    return sent


def app_of(chunks, status="200 OK", headers=(("Content-Type", "text/plain"),)):
    def app(environ, start_response):
        start_response(status, list(headers))
        return iter(chunks)

    return app


def test_a_whole_answer_is_one_start_and_one_body_message():
    sent = answered(app_of([b"a", b"b", b"", b"c"]))
    assert sent == [
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain")],
        },
        {"type": "http.response.body", "body": b"abc"},
    ]


def test_the_app_reads_the_body_from_memory_with_its_length():
    seen = {}

    def app(environ, start_response):
        seen["body"] = environ["wsgi.input"].read()
        seen["length"] = environ.get("CONTENT_LENGTH")
        start_response("201 Created", [])
        return [b""]

    scope = {**SCOPE, "method": "POST", "headers": [(b"content-length", b"5")]}
    sent = answered(app, b"hello", scope)
    assert seen == {"body": b"hello", "length": "5"}
    assert sent[0]["status"] == 201


def test_the_app_runs_in_a_pool_thread_not_on_the_loop():
    names = []

    def app(environ, start_response):
        names.append(threading.current_thread().name)
        start_response("200 OK", [])
        return [b"x"]

    answered(app)
    assert names[0].startswith("flask")


def test_start_response_called_late_by_a_generator_is_honoured():
    def app(environ, start_response):
        def body():
            start_response("404 Not Found", [("X-Late", "1")])
            yield b"gone"

        return body()

    sent = answered(app)
    assert sent[0]["status"] == 404
    assert sent[0]["headers"] == [(b"x-late", b"1")]
    assert sent[1]["body"] == b"gone"


def test_the_iterable_is_closed_after_a_whole_answer():
    closed = []

    class Body(list):
        def close(self):
            closed.append(True)

    def app(environ, start_response):
        start_response("200 OK", [])
        return Body([b"x"])

    answered(app)
    assert closed == [True]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=300_000), min_size=1, max_size=12))
def test_a_long_answer_is_streamed_in_order_and_whole(sizes):
    chunks = [bytes([index % 251]) * size for index, size in enumerate(sizes)]
    sent = answered(app_of(chunks))
    assert sent[0]["type"] == "http.response.start"
    bodies = sent[1:]
    assert b"".join(message["body"] for message in bodies) == b"".join(chunks)
    assert not bodies[-1].get("more_body", False)
    assert all(message.get("more_body") for message in bodies[:-1])
    if sum(sizes) <= flask_threads.WHOLE_ANSWER_BYTES:
        assert len(bodies) == 1
    else:
        largest = flask_threads.WHOLE_ANSWER_BYTES + flask_threads.STREAM_CHUNK_BYTES + max(sizes)
        assert all(len(message["body"]) <= largest for message in bodies)


def test_a_streamed_answer_waits_for_each_send_before_reading_more():
    """A slow reader slows the generator: when a chunk is sent, the generator has produced
    exactly what the messages so far hold, nothing read ahead and piled up in memory."""
    produced, checks = [], []
    size = flask_threads.STREAM_CHUNK_BYTES

    def app(environ, start_response):
        start_response("200 OK", [])

        def body():
            for _ in range(40):
                produced.append(size)
                yield b"x" * size

        return body()

    async def main():
        sent_bytes = 0

        async def send(message):
            nonlocal sent_bytes
            sent_bytes += len(message.get("body", b""))
            checks.append((sum(produced), sent_bytes))
            await asyncio.sleep(0.001)

        await FlaskThreads(app, threads=1).answer(SCOPE, b"", send)

    asyncio.run(main())
    assert checks[-1] == (40 * size, 40 * size)
    assert all(produced_bytes == sent for produced_bytes, sent in checks[1:])


def test_an_exception_in_the_app_reaches_the_server():
    def app(environ, start_response):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        answered(app)
