"""Every error leaves as an RFC 9457 ``application/problem+json`` body, made here and only here."""

import logging
from http import HTTPStatus

import orjson
from flask import Flask, Response
from werkzeug.exceptions import HTTPException, InternalServerError

from schemas.common import flatten_errors
from service import store

PROBLEM_JSON = "application/problem+json"
_PARAMETER_LOCATIONS = {"query", "querystring", "path", "view_args", "headers", "cookies"}

log = logging.getLogger(__name__)


def problem(
    status: int, detail: str, *, errors: list[dict] | None = None, headers: dict | None = None
) -> Response:
    """A problem response for ``status``, saying in ``detail`` what was wrong."""
    body = {
        "type": "about:blank",
        "title": _title(status),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    response = Response(orjson.dumps(body), status=status, mimetype=PROBLEM_JSON)
    response.headers.update(headers or {})
    return response


def handle_http_exception(error: HTTPException) -> Response:
    """Turn aborts, webargs validation failures and werkzeug errors into problems."""
    if isinstance(error, InternalServerError) and error.original_exception is not None:
        log.error("unhandled error", exc_info=error.original_exception)
        return problem(500, "The server failed to answer this request; it has been logged.")
    data = getattr(error, "data", None) or {}
    if "messages" in data:
        errors = _field_errors(data["messages"])
        detail = "; ".join(
            f"{e.get('parameter') or e.get('pointer')}: {e['detail']}" for e in errors
        )
        return problem(error.code, detail, errors=errors, headers=data.get("headers"))
    detail = data.get("message") or error.description or _title(error.code)
    headers = dict(data.get("headers") or {})
    if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem(error.code, detail, headers=headers)


def handle_not_found(error: store.NotFound) -> Response:
    return problem(404, str(error))


def register(app: Flask) -> None:
    """Register the store's NotFound; HTTP errors reach ``handle_http_exception`` via the Api."""
    app.register_error_handler(store.NotFound, handle_not_found)


def _field_errors(messages: dict) -> list[dict]:
    """webargs' ``{location: {field: [message]}}`` as a list naming each parameter or member."""
    errors = []
    for location, fields in messages.items():
        for path, message in flatten_errors(fields):
            if location in _PARAMETER_LOCATIONS:
                errors.append({"parameter": path.split(".")[0], "detail": message})
            else:
                errors.append({"pointer": "/" + path.replace(".", "/"), "detail": message})
    return errors


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
