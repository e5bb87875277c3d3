"""The ASGI application gunicorn serves: the Flask app in a bounded pool of threads.

The event loop reads each request whole, body included (up to the body limit), before a
thread is involved, so a client that sends slowly holds no thread. A ``GET`` or ``HEAD``
whose answer the response cache holds (service/http/response_cache.py) is answered there
and then, 200 or 304, without a thread; any other request goes to the Flask app in a pool of
``TIMELINE_THREADS`` threads per worker (flask_threads.py), each keeping its own SQLite
connection, and its answer comes back to the loop in one piece. A chunked body reaches
Flask with its ``Content-Length``.

When the worker stops (ASGI lifespan shutdown: after the answers in flight are finished),
the answers it still holds for the metrics and the log are written out
(observability/observed_requests.py). That is the last moment to do it: uvicorn then re-raises
the TERM it caught, so the process ends without running ``atexit`` handlers.
"""

import logging
import re
import time
from collections.abc import Awaitable, Callable

from service.app import create_app
from service.drafts.drafting import DRAFT_MAX_BODY_BYTES, DRAFT_PAGE_MAX_BODY_BYTES
from service.serving.flask_threads import FlaskThreads, asgi_headers, status_code, wsgi_environ

Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]

access_log = logging.getLogger("gunicorn.access")
log = logging.getLogger(__name__)


def create_asgi_app():
    """The service, for gunicorn with ``service.serving.worker.TimelineWorker``."""
    return behind_the_front(create_app())


def behind_the_front(flask_app):
    """A Flask app as the service's front serves it (the benchmark's ceiling uses it too)."""
    threads = FlaskThreads(flask_app, flask_app.config["TIMELINE_THREADS"])
    # The largest body any route takes: POST /drafts and the draft page's form have their own
    # limits above the app's, and a chunked body cut at the app's limit would reach them
    # shortened rather than refused.
    largest = max(
        flask_app.config["MAX_CONTENT_LENGTH"], DRAFT_MAX_BODY_BYTES, DRAFT_PAGE_MAX_BODY_BYTES
    )
    observed = flask_app.extensions.get("timeline_observed_requests")
    cached = flask_app.extensions.get("timeline_cached_answers")
    return CompleteRequests(
        threads,
        max_body_bytes=largest,
        on_the_loop=CachedOnTheLoop(cached, observed) if cached and observed else None,
        at_shutdown=observed.flush if observed is not None else None,
    )


class CompleteRequests:
    """Reads each request's body on the event loop, then has it answered whole.

    A body longer than ``max_body_bytes`` is cut at one byte past the limit, which is all the
    application needs to refuse it (413); a declared ``Content-Length`` over the limit is
    passed on unread. A client that leaves before its body is complete is never answered.
    """

    def __init__(
        self,
        threads: FlaskThreads,
        max_body_bytes: int,
        on_the_loop: "CachedOnTheLoop | None" = None,
        at_shutdown: Callable[[], None] | None = None,
    ):
        self.threads = threads
        self.max_body_bytes = max_body_bytes
        self.on_the_loop = on_the_loop
        self.at_shutdown = at_shutdown

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        send = _logged(scope, send)
        body = b""
        if _declared_length(scope) <= self.max_body_bytes:
            body = await self._read_body(receive)
            if body is None:
                return
            scope = _with_length(scope, len(body))
        environ = wsgi_environ(scope, body)
        if self.on_the_loop is not None and await self.on_the_loop.answer(environ, send):
            return
        await self.threads.answer_environ(environ, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.at_shutdown is not None:
                    self.at_shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _read_body(self, receive: Receive) -> bytes | None:
        chunks, size = [], 0
        while size <= self.max_body_bytes:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)[: self.max_body_bytes + 1]


class CachedOnTheLoop:
    """Answers a ``GET`` or ``HEAD`` on the event loop when the response cache holds its
    answer for the data's current revision: the 200 as it was kept, or a 304 when
    ``If-None-Match`` names its ETag. No thread, no Flask; the answer carries its
    ``X-Request-ID`` and is counted and logged like any other (observed_requests.py).

    Reading the revision is one indexed read of a one-row table on this thread's own SQLite
    connection (in WAL mode a reader never waits for a writer), a few microseconds of the
    loop's time. Anything that goes wrong here is left to the threads, which answer it
    properly (a problem, not a broken connection).
    """

    def __init__(self, cached, observed):
        self.cached = cached
        self.observed = observed

    async def answer(self, environ: dict, send: Send) -> bool:
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return False
        started = time.perf_counter()
        try:
            replayed = self.cached.replay(environ)
        except Exception:  # the threads meet it again and answer it as a problem
            log.debug("no answer from the cache on the loop", exc_info=True)
            return False
        if replayed is None:
            return False
        status, headers, body = replayed
        headers = [*headers, self.observed.name(environ)]
        await send(
            {
                "type": "http.response.start",
                "status": status_code(status),
                "headers": asgi_headers(headers),
            }
        )
        await send({"type": "http.response.body", "body": body})
        self.observed.record(environ, started, status, len(body))
        return True


def _declared_length(scope: dict) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


def _with_length(scope: dict, length: int) -> dict:
    """The scope with the body's real length in place of its framing, if it had a body."""
    framing = (b"content-length", b"transfer-encoding")
    headers = [(name, value) for name, value in scope["headers"] if name not in framing]
    if len(headers) == len(scope["headers"]):
        return scope
    return {**scope, "headers": [*headers, (b"content-length", str(length).encode())]}


def _logged(scope: dict, send: Send) -> Send:
    """``send``, writing one access-log line when the answer is complete (if the log is on)."""
    if not access_log.handlers:
        return send
    started = time.perf_counter()
    answer = {"status": 0, "bytes": 0, "request_id": "-"}

    async def send_and_log(message: dict) -> None:
        await send(message)
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            for name, value in message.get("headers", ()):
                if name.lower() == b"x-request-id":
                    answer["request_id"] = value.decode("latin-1")
        elif message["type"] == "http.response.body":
            answer["bytes"] += len(message.get("body", b""))
            if not message.get("more_body", False):
                access_log.info(access_line(scope, answer, time.perf_counter() - started))

    return send_and_log


def access_line(scope: dict, answer: dict, seconds: float) -> str:
    """gunicorn's default access-log format, with the time taken and the answer's
    ``X-Request-ID`` (observability/observed_requests.py) appended.

    Every field a client chose (its address as forwarded, the request line, ``Referer``,
    ``User-Agent``, the request id) is written through ``log_text``, so no value can close
    its quotes or end the line and pass forged fields for real ones."""
    headers = dict(scope["headers"])
    target = scope["raw_path"].decode("latin-1")
    if scope["query_string"]:
        target += "?" + scope["query_string"].decode("latin-1")
    client = (scope.get("client") or ("-",))[0]
    when = time.strftime("[%d/%b/%Y:%H:%M:%S %z]")
    request_line = f"{scope['method']} {target} HTTP/{scope['http_version']}"
    referer = headers.get(b"referer", b"-").decode("latin-1")
    agent = headers.get(b"user-agent", b"-").decode("latin-1")
    return (
        f'{log_text(client, quoted=False)} - - {when} "{log_text(request_line)}" '
        f'{answer["status"]} {answer["bytes"]} "{log_text(referer)}" "{log_text(agent)}" '
        f"{seconds * 1000:.1f}ms {log_text(answer['request_id'], quoted=False)}"
    )


# What a text log line cannot carry as it is: quotes and backslashes (they would end or
# change a quoted field), control characters (a newline would start a forged line) and
# everything outside printable ASCII; in an unquoted field, a space too.
_QUOTED_UNSAFE = re.compile(r'[^\x20-\x7e]|["\\]')
_UNQUOTED_UNSAFE = re.compile(r'[^\x21-\x7e]|["\\]')


def log_text(value: str, *, quoted: bool = True) -> str:
    """``value`` as a field of a text log line: ``\\"`` and ``\\\\`` for a quote and a
    backslash, ``\\xHH`` (``\\uHHHH`` above U+00FF) for any other character outside
    printable ASCII, and a space too when the field is not quoted, as nginx escapes its log.
    The original is recovered exactly by reading the escapes back."""
    unsafe = _QUOTED_UNSAFE if quoted else _UNQUOTED_UNSAFE
    return unsafe.sub(_escape, value)


def _escape(found: re.Match) -> str:
    character = found.group()
    if character in '"\\':
        return "\\" + character
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
