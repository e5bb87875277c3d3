"""What a request body must be before any view reads it: JSON, of a media type we take
(or one of the types a view marks with ``view_marks.takes_bodies``).

Its size is capped by Flask's ``MAX_CONTENT_LENGTH`` (413, from ``TIMELINE_MAX_BODY_BYTES``).
Bodies are read by ``service.core.strict_json``, whose refusals Flask turns into a 400 problem.
"""

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider

from service import errors
from service.core.strict_json import parse_json
from service.http.view_marks import view_mark

JSON = "application/json"
MERGE_PATCH_JSON = "application/merge-patch+json"
_ACCEPTED = {"POST": {JSON}, "PUT": {JSON}, "PATCH": {MERGE_PATCH_JSON, JSON}}


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading request bodies with ``parse_json``."""

    def loads(self, s: str | bytes, **kwargs) -> object:
        return parse_json(s)


def init_app(app: Flask) -> None:
    provider = StrictJSONProvider(app)
    provider.sort_keys = app.json.sort_keys
    app.json = provider
    app.before_request(require_json_body)


def require_json_body():
    """415 for a POST, PUT or PATCH whose body is not one of the JSON types it takes."""
    if request.method not in _ACCEPTED or request.url_rule is None:
        return None
    accepted = view_mark("body_types") or _ACCEPTED[request.method]
    if request.mimetype not in accepted:
        given = request.mimetype or "no Content-Type"
        return errors.problem(
            415,
            f"{request.method} takes a body of type {' or '.join(sorted(accepted))}, not {given}",
            headers={"Accept-Patch": MERGE_PATCH_JSON} if request.method == "PATCH" else None,
        )
    return None
