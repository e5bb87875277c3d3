"""Every error leaves as an RFC 9457 ``application/problem+json`` body, made here and only here."""

import logging
from http import HTTPStatus

import orjson
from flask import Flask, Response, has_request_context, request
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from schemas.common import flatten_errors
from service import store
from service.drafts.slots import DraftsBusy
from service.observability.request_notes import REQUEST_ID

PROBLEM_JSON = "application/problem+json"
_PARAMETER_LOCATIONS = {"query", "querystring", "path", "view_args", "headers", "cookies"}

log = logging.getLogger(__name__)


def problem(
    status: int,
    detail: str,
    *,
    errors: list[dict] | None = None,
    headers: dict | None = None,
    extensions: dict | None = None,
) -> Response:
    """A problem response for ``status``, saying in ``detail`` what was wrong; ``extensions``
    are further members a client may act on (RFC 9457, section 3.2)."""
    return _response(problem_body(status, detail, errors, extensions), headers)


def problem_body(
    status: int,
    detail: str,
    errors: list[dict] | None = None,
    extensions: dict | None = None,
) -> dict:
    """The problem as data: the JSON object a problem response carries."""
    body = {
        "type": "about:blank",
        "title": _title(status),
        "status": status,
        "detail": detail,
        **(extensions or {}),
    }
    if errors:
        body["errors"] = errors
    if has_request_context():
        body["request_id"] = request.environ.get(REQUEST_ID)
    return body


def http_problem(error: HTTPException) -> tuple[dict, dict]:
    """The problem an abort, a webargs validation failure or a werkzeug error stands for, as
    data: its body and the headers its response needs."""
    if isinstance(error, InternalServerError) and error.original_exception is not None:
        log.error("unhandled error", exc_info=error.original_exception)
        return problem_body(
            500, "The server failed to answer this request; it has been logged."
        ), {}
    data = getattr(error, "data", None) or {}
    if "messages" in data:
        errors = _field_errors(data["messages"])
        body = problem_body(error.code, _summary(errors), errors)
        return body, dict(data.get("headers") or {})
    if isinstance(error, RequestEntityTooLarge):
        limit = request.max_content_length
        detail = f"the request body is larger than the {limit} bytes this server takes"
        return problem_body(413, detail), {}
    detail = data.get("message") or error.description or _title(error.code)
    headers = dict(data.get("headers") or {})
    if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem_body(error.code, detail), headers


def handle_http_exception(error: HTTPException) -> Response:
    """Turn aborts, webargs validation failures and werkzeug errors into problem responses."""
    body, headers = http_problem(error)
    return _response(body, headers)


def init_app(app: Flask) -> None:
    """Map the store's domain errors; HTTP errors reach ``handle_http_exception`` via the Api."""
    app.register_error_handler(store.NotFound, lambda error: problem(404, str(error)))
    app.register_error_handler(store.Conflict, lambda error: problem(409, str(error)))
    app.register_error_handler(store.StaleVersion, lambda error: problem(412, str(error)))
    app.register_error_handler(
        store.Busy, lambda error: problem(503, str(error), headers={"Retry-After": "1"})
    )
    app.register_error_handler(store.InvalidReferences, handle_invalid_references)
    app.register_error_handler(
        DraftsBusy, lambda error: problem(429, str(error), headers={"Retry-After": "1"})
    )
    app.register_error_handler(store.OtherInstance, handle_other_instance)


def handle_other_instance(error: store.OtherInstance) -> Response:
    """410: the client's revision is from another database; it must start again from ours."""
    current = {
        "current_instance": error.current_instance,
        "current_revision": error.current_revision,
    }
    return problem(410, str(error), extensions=current)


def handle_invalid_references(error: store.InvalidReferences) -> Response:
    errors = [{"pointer": _pointer(path), "detail": message} for path, message in error.problems]
    return problem(422, _summary(errors), errors=errors)


def _response(body: dict, headers: dict | None) -> Response:
    response = Response(orjson.dumps(body), status=body["status"], mimetype=PROBLEM_JSON)
    response.headers.update(headers or {})
    return response


def _field_errors(messages: dict) -> list[dict]:
    """webargs' ``{location: {field: [message]}}`` as a list naming each parameter or member."""
    errors = []
    for location, fields in messages.items():
        for path, message in flatten_errors(fields):
            if location in _PARAMETER_LOCATIONS:
                errors.append({"parameter": path.split(".")[0], "detail": message})
            else:
                errors.append({"pointer": _pointer(path), "detail": message})
    return errors


def _pointer(path: str) -> str:
    """A JSON Pointer (RFC 6901) for a dotted path; the empty pointer is the whole body."""
    return "".join(
        f"/{part.replace('~', '~0').replace('/', '~1')}" for part in path.split(".") if part
    )


def _summary(errors: list[dict]) -> str:
    return "; ".join(
        f"{e.get('parameter') or e.get('pointer') or 'body'}: {e['detail']}" for e in errors
    )


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
