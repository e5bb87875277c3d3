"""HTTP/1.1 read on the event loop, with limits, a header deadline and problem+json errors.

uvicorn's httptools protocol parses requests asynchronously, so a client that trickles its
header lines holds a few bytes of memory, never a thread. This subclass adds what gunicorn's
own parser enforced (``limit_request_line``, ``limit_request_fields``,
``limit_request_field_size``, read from the gunicorn settings) and a deadline for the whole
header block, and answers what it refuses itself, before the application runs, as an
RFC 9457 problem: 400 for malformed HTTP, 408, 414 and 431.
"""

import http
from dataclasses import dataclass

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service.errors import PROBLEM_JSON, problem_body


@dataclass(frozen=True)
class RequestLimits:
    target_bytes: int
    header_fields: int
    header_field_bytes: int
    header_seconds: float


@dataclass(frozen=True)
class Refusal:
    status: int
    detail: str


class RequestRefused(Exception):
    """Raised from a parser callback to stop parsing; the refusal is answered, then we close."""


MALFORMED = Refusal(400, "the request is not well-formed HTTP/1.1")


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args, limits: RequestLimits, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = limits
        self._refusal = MALFORMED
        self._header_deadline = None
        self._fields = 0

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._fields = 0
        if self._header_deadline is None:
            self._arm_header_deadline()

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.limits.target_bytes:
            self._refuse(414, f"the request target is longer than {self.limits.target_bytes} bytes")
        if not self.url.isascii():
            self._refuse(400, "the request target must be ASCII; percent-encode other bytes")

    def on_header(self, name: bytes, value: bytes) -> None:
        self._fields += 1
        limits = self.limits
        if self._fields > limits.header_fields:
            self._refuse(431, f"the request has more than {limits.header_fields} header fields")
        if len(name) + len(value) + 2 > limits.header_field_bytes:
            self._refuse(431, f"a header field is longer than {limits.header_field_bytes} bytes")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._disarm_header_deadline()
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to any parser error: the refusal a callback named, else a 400."""
        refusal, self._refusal = self._refusal, MALFORMED
        self._send_problem(refusal.status, refusal.detail)

    def _refuse(self, status: int, detail: str):
        self._refusal = Refusal(status, detail)
        raise RequestRefused(detail)

    def _arm_header_deadline(self) -> None:
        self._header_deadline = self.loop.call_later(
            self.limits.header_seconds, self._header_deadline_passed
        )

    def _disarm_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _header_deadline_passed(self) -> None:
        self._header_deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.keep_alive = False
            return
        seconds = self.limits.header_seconds
        self._send_problem(408, f"the request headers did not arrive within {seconds:g} s")

    def _send_problem(self, status: int, detail: str) -> None:
        self.logger.info("%s refused: %d %s", _peer(self.client), status, detail)
        body = orjson.dumps(problem_body(status, detail))
        head = [f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}".encode()]
        head += [name + b": " + value for name, value in self.server_state.default_headers]
        head += [
            b"content-type: " + PROBLEM_JSON.encode(),
            b"content-length: " + str(len(body)).encode(),
            b"x-content-type-options: nosniff",
            b"cache-control: no-store",
            b"connection: close",
        ]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()


def _peer(client: tuple[str, int] | None) -> str:
    return f"{client[0]}:{client[1]}" if client else "-"
