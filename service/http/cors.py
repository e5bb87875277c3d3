"""Cross-origin reads: flask-cors decides every answer, and what it cannot vary is remembered.

With the default ``TIMELINE_CORS_ORIGINS=*``, flask-cors gives every request that is not a
preflight (``OPTIONS``) and does not ask about private networks the same headers:
``Access-Control-Allow-Origin: *`` and ``Access-Control-Expose-Headers``, whatever its
``Origin``, path or method. Working them out costs about 50 µs a request, a tenth of a page
of events (bench/RESULTS.md), so flask-cors is asked once, at start, and its answer is added
as it is to such requests. Every other request (a preflight, a private network question, an
answer that already has its CORS headers, a list of origins) goes to flask-cors itself.

The answer is remembered only when flask-cors gave the same headers to a request with an
``Origin`` and to one without: a configuration whose answer depends on the request is never
remembered. tests/unit/http/test_cors.py checks that both give the same headers to hostile
requests.
"""

from collections.abc import Callable

from flask import Flask, Response, request
from flask_cors import CORS
from flask_cors.core import get_cors_options, get_cors_origins

EXPOSED_HEADERS = ["ETag", "Link", "X-Request-ID"]
_ASKS_ABOUT_PRIVATE_NETWORKS = "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK"

Hook = Callable[[Response], Response]


def init_app(app: Flask) -> None:
    CORS(app, **cors_settings(app))
    hooks = app.after_request_funcs[None]
    hooks[-1] = remembering(app, hooks[-1])


def cors_settings(app: Flask) -> dict:
    """flask-cors's settings, from ``TIMELINE_CORS_ORIGINS``."""
    origins = app.config["TIMELINE_CORS_ORIGINS"]
    return {"origins": origins, "send_wildcard": "*" in origins, "expose_headers": EXPOSED_HEADERS}


def allowed_origins(app: Flask) -> Callable[[str | None], str] | None:
    """What flask-cors puts in ``Access-Control-Allow-Origin`` for a request's ``Origin``, as
    one string (empty when it allows none), decided by flask-cors's own matching (letter
    case, patterns); None when that never depends on the ``Origin`` (a wildcard). The
    response cache keys answers on it (service/http/response_cache.py)."""
    options = get_cors_options(app, cors_settings(app))
    if options.allow_all_origins and options.send_wildcard:
        return None

    def allowed(origin: str | None) -> str:
        return "\n".join(get_cors_origins(options, origin or None) or ())

    return allowed


def remembering(app: Flask, decide: Hook) -> Hook:
    """``decide`` (flask-cors's hook), or, when its answer to a simple request does not
    depend on the request, a hook that adds that answer and asks ``decide`` only the rest."""
    remembered = _same_answer_for_any_origin(app, decide)
    if remembered is None:
        return decide

    def add_cors_headers(response: Response) -> Response:
        # request.method, not the environ's: werkzeug (and so flask-cors) reads the method in
        # capitals, so "options" from a server that passes it on as sent is a preflight too.
        if (
            request.method == "OPTIONS"
            or _ASKS_ABOUT_PRIVATE_NETWORKS in request.environ
            or "Access-Control-Allow-Origin" in response.headers
        ):
            return decide(response)
        response.headers.extend(remembered)
        return response

    return add_cors_headers


def _same_answer_for_any_origin(app: Flask, decide: Hook) -> list[tuple[str, str]] | None:
    """The headers ``decide`` adds to a GET, when it adds the same with and without an
    ``Origin``; otherwise None."""
    answers = []
    for headers in ({}, {"Origin": "https://any.example"}):
        with app.test_request_context("/", method="GET", headers=headers):
            blank = Response()
            before = blank.headers.to_wsgi_list()
            added = decide(blank).headers.to_wsgi_list()[len(before) :]
        answers.append(added)
    return answers[0] if answers[0] == answers[1] and answers[0] else None
