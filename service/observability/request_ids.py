"""Naming each request: an ``X-Request-ID`` to quote in logs and problems, and W3C trace context.

A client's (or a proxy's) ``X-Request-ID`` is kept when it is a sane token: 1 to 128
characters of letters, digits and ``-_.:/+=@``, so nothing a client sends can forge a log
line or smuggle a header. Anything else is replaced by a fresh random id. A ``traceparent``
header (https://www.w3.org/TR/trace-context/) is carried to the logs when it is well formed.
"""

import os
import re
from dataclasses import dataclass

_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9\-_.:/+=@]{1,128}")
_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?")
_ZERO_TRACE = "0" * 32
_ZERO_SPAN = "0" * 16


@dataclass(frozen=True)
class TraceContext:
    trace_id: str
    parent_id: str


def request_id(sent: str | None) -> str:
    """The id the client sent, when it is a sane token; otherwise a new random one."""
    if sent and _SANE_REQUEST_ID.fullmatch(sent):
        return sent
    return new_request_id()


def new_request_id() -> str:
    return os.urandom(16).hex()


def trace_context(traceparent: str | None) -> TraceContext | None:
    """The trace and parent span ids of a valid ``traceparent``; None when absent or invalid.

    Version ``ff`` and all-zero ids are invalid; later versions may append fields, version
    ``00`` may not.
    """
    if not traceparent:
        return None
    match = _TRACEPARENT.fullmatch(traceparent.strip())
    if match is None:
        return None
    version, trace_id, parent_id, _flags, rest = match.groups()
    if version == "ff" or (version == "00" and rest):
        return None
    if trace_id == _ZERO_TRACE or parent_id == _ZERO_SPAN:
        return None
    return TraceContext(trace_id, parent_id)
