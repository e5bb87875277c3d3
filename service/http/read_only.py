"""Read-only replicas: every request that could write is answered with one clear problem.

With ``TIMELINE_READ_ONLY=1`` the database is opened immutable (service/files/db.py) and this
hook answers every method other than GET, HEAD and OPTIONS with 405 and
``Allow: GET, HEAD, OPTIONS``, so write routes added later are covered too. A view marked
``writes_nothing`` (``POST /drafts``) is served: it only computes its answer.
"""

from flask import Flask, Response, request

from service import errors
from service.http.view_marks import view_mark

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def init_app(app: Flask) -> None:
    if app.config["TIMELINE_READ_ONLY"]:
        app.before_request(refuse_writes)


def refuse_writes() -> Response | None:
    if request.method in READ_METHODS or view_mark("writes_nothing", False):
        return None
    return errors.problem(
        405,
        "This server is a read-only replica; send writes to the primary.",
        headers={"Allow": ", ".join(READ_METHODS)},
    )
