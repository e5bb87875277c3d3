"""The Flask (WSGI) app run in a bounded pool of threads, each answer handed to the loop once.

The event loop has read the request whole (service/serving/asgi.py), so the app reads its
body from memory and never waits on the loop. A thread runs the app and collects its answer;
an answer of up to ``WHOLE_ANSWER_BYTES`` (every JSON page, every cached answer) goes back
to the loop in one hand-off, status, headers and body together, and the thread is free
before the client has read a byte of it: a slow reader holds memory, never a thread.

A longer answer (an export streamed from the database) is streamed from its thread: its
generator reads through that thread's own SQLite connection, so it cannot move to another.
Chunks are gathered up to ``STREAM_CHUNK_BYTES`` per hand-off, and each hand-off waits until
the loop has passed the chunk to the transport, so a slow reader slows the generator instead
of piling its output up in memory.

Why not a2wsgi, which did this before: it hands each message (the status, every chunk, the
empty last one) to the loop separately and waits for each, three round trips or more
between threads per answer, and reads the body back from the loop through the same kind of
round trip. Its ``build_environ`` is still used, so the environ is the one it always built.
"""

import asyncio
import contextvars
import io
from collections.abc import Awaitable, Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from a2wsgi.wsgi import build_environ

WHOLE_ANSWER_BYTES = 1024 * 1024
STREAM_CHUNK_BYTES = 64 * 1024

Send = Callable[[dict], Awaitable[None]]


@dataclass
class Answer:
    """What a thread hands to the loop: the whole answer, or word that it streamed it."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes = b""
    streamed: bool = False


def wsgi_environ(scope: dict, body: bytes) -> dict:
    """The WSGI environ for an HTTP scope whose body has been read whole."""
    return build_environ(scope, io.BytesIO(body))


def asgi_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]


def status_code(status: str) -> int:
    return int(status.split(" ", 1)[0])


class FlaskThreads:
    """``await threads.answer(scope, body, send)`` runs the WSGI app in one of ``threads``
    threads and sends its answer."""

    def __init__(self, wsgi_app, threads: int):
        self.wsgi_app = wsgi_app
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="flask")

    async def answer(self, scope: dict, body: bytes, send: Send) -> None:
        await self.answer_environ(wsgi_environ(scope, body), send)

    async def answer_environ(self, environ: dict, send: Send) -> None:
        loop = asyncio.get_running_loop()
        run = contextvars.copy_context().run
        answer = await loop.run_in_executor(self.executor, run, self._run, environ, send, loop)
        if answer.streamed:
            return
        await send(
            {"type": "http.response.start", "status": answer.status, "headers": answer.headers}
        )
        await send({"type": "http.response.body", "body": answer.body})

    def _run(self, environ: dict, send: Send, loop: asyncio.AbstractEventLoop) -> Answer:
        """In a thread: the app's whole answer, or, past ``WHOLE_ANSWER_BYTES``, the answer
        streamed to ``send`` from here."""
        started: list = []
        written: list[bytes] = []

        def start_response(status, headers, exc_info=None):
            if exc_info is not None and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]
            return written.append

        iterable = self.wsgi_app(environ, start_response)
        try:
            chunks = iter(iterable)
            size = sum(map(len, written))
            for chunk in chunks:
                written.append(chunk)
                size += len(chunk)
                if size > WHOLE_ANSWER_BYTES:
                    _Stream(send, loop).relay(started, written, chunks)
                    return Answer(status_code(started[0]), [], streamed=True)
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()
        return Answer(status_code(started[0]), asgi_headers(started[1]), b"".join(written))


class _Stream:
    """Sends an answer to the loop from a thread, chunk by chunk, waiting for each send."""

    def __init__(self, send: Send, loop: asyncio.AbstractEventLoop):
        self.send, self.loop = send, loop

    def relay(self, started: list, first: list[bytes], rest: Iterator[bytes]) -> None:
        status, headers = started
        self._send(
            {
                "type": "http.response.start",
                "status": status_code(status),
                "headers": asgi_headers(headers),
            }
        )
        self._send_body(b"".join(first), more=True)
        gathered: list[bytes] = []
        size = 0
        for chunk in rest:
            gathered.append(chunk)
            size += len(chunk)
            if size >= STREAM_CHUNK_BYTES:
                self._send_body(b"".join(gathered), more=True)
                gathered, size = [], 0
        self._send_body(b"".join(gathered), more=False)

    def _send_body(self, body: bytes, *, more: bool) -> None:
        self._send({"type": "http.response.body", "body": body, "more_body": more})

    def _send(self, message: dict) -> None:
        asyncio.run_coroutine_threadsafe(self.send(message), self.loop).result()
