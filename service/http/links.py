"""Absolute links back to this service (``next`` pages, event URLs in exports).

A link repeats the request's scheme and ``Host`` exactly as received, never decoded or
re-encoded (werkzeug turns ``xn--`` names into Unicode, and fails on one that is not valid
IDNA). A ``Host`` that is not a host name, an IP literal and an optional port cannot be
written into a link, and RFC 9112 (section 3.2) makes it a 400.
"""

import re

from flask import Flask, request, url_for

from service import errors

# RFC 3986's unreserved characters (a name such as ``xn--`` is odd but harmless), or an
# IPv6 literal, then an optional port.
_HOST = re.compile(r"(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def init_app(app: Flask) -> None:
    app.before_request(require_usable_host)


def require_usable_host():
    """400 for a ``Host`` header that no link can be written with (absent is fine)."""
    host = request.environ.get("HTTP_HOST")
    if not host or _HOST.fullmatch(host):
        return None
    return errors.problem(
        400,
        f"Host: {host!r} is not a host name, IP address or port this server can link to",
        errors=[{"parameter": "Host", "detail": "not a host name with an optional port"}],
    )


def absolute_url(endpoint: str, query: str = "", **values) -> str:
    """The URL of ``endpoint`` on the host and scheme this request came in on."""
    host = request.environ.get("HTTP_HOST") or _server_address()
    path = url_for(endpoint, **values)
    return f"{request.scheme}://{host}{path}" + (f"?{query}" if query else "")


def _server_address() -> str:
    environ = request.environ
    return f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
