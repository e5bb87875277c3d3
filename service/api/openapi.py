"""The flask-smorest ``Api`` that writes the contract: problem+json errors and conditional GETs."""

import copy
import typing
from http import HTTPStatus

import marshmallow as ma
from apispec import BasePlugin
from flask import request
from flask_smorest import Api, Blueprint
from flask_smorest.utils import prepare_response
from webargs.core import missing
from webargs.flaskparser import FlaskParser, abort, is_json_request

from schemas.common import ProblemSchema, Representation
from service import errors
from service.api.conditional import IF_MATCH_PATTERN
from service.core.strict_json import InvalidJSON, parse_json


class StrictParser(FlaskParser):
    """Rejects unknown query parameters, so a typo such as ``?form=2024`` is a 400, not ignored."""

    DEFAULT_UNKNOWN_BY_LOCATION: typing.ClassVar = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": ma.RAISE,
    }

    def parse(self, argmap, req=None, *, location=None, **kwargs):
        """Query schemas that offer ``load_query_fast`` try it first (see EventQuerySchema)."""
        fast = getattr(argmap, "load_query_fast", None)
        if fast is not None and location == "query":
            loaded = fast(request.args)
            if loaded is not None:
                return loaded
        return super().parse(argmap, req, location=location, **kwargs)

    def _raw_load_json(self, req):
        """Bodies are read by the service's one strict JSON reader (service/core/strict_json.py).

        An empty body is no body (webargs then names the missing members); any other body
        it refuses, invalid UTF-8 included, is a 400 here.
        """
        if not is_json_request(req):
            return missing
        body = req.get_data(cache=True)
        if not body:
            return missing
        try:
            return parse_json(body)
        except InvalidJSON as error:
            self._handle_invalid_json_error(error, req)

    def _handle_invalid_json_error(self, error, req, *args, **kwargs) -> typing.NoReturn:
        """400 saying why the body is not JSON the service takes (depth, number, surrogate)."""
        reason = getattr(error, "msg", None) or str(error)
        abort(400, exc=error, messages={"json": [f"Invalid JSON body: {reason}."]})


WRITE_SECURITY = [{"bearerAuth": []}]
LOCATION = {
    "Location": {
        "description": "Path of the created item, relative to this service.",
        "required": True,
        "schema": {"type": "string", "format": "uri-reference"},
    }
}


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()

    def query_arguments(self, schema):
        """Query parameters from ``schema``; invalid ones answer 400 naming the parameter."""
        return self.arguments(schema, location="query", error_status_code=400)

    def write(self, *statuses: int, body: bool = True):
        """Document a write: bearer token, and the problems it may answer besides ``statuses``.

        Every write may also meet a read-only replica (405) or a database busy with other
        writes for longer than its timeout (503); one with a body may find it malformed (400),
        too large (413) or not JSON (415).
        """
        documented = [401, 405, 503, *statuses, *((400, 413, 415) if body else ())]

        def decorator(view):
            for status in sorted(set(documented), reverse=True):
                view = self.alt_response(status, response=HTTPStatus(status).name)(view)
            return self.doc(security=WRITE_SECURITY)(view)

        return decorator


class ConditionalRequestsPlugin(BasePlugin):
    """Documents conditional requests: ETag, Cache-Control and 304 on GETs; If-Match on writes.

    Also says outright that an operation without a bearer token needs none (``security: []``).
    """

    def operation_helper(self, path=None, operations=None, **kwargs):
        operations = operations or {}
        for operation in operations.values():
            operation.setdefault("security", [])
        if "get" in operations:
            _document_conditional_get(operations["get"])
        for method in ("put", "patch", "delete"):
            if method in operations:
                operations[method].setdefault("parameters", []).append(copy.deepcopy(_IF_MATCH))
                operations[method]["responses"].setdefault("400", _response_ref("BAD_REQUEST"))
        for method, status in (("post", 201), ("put", 200), ("patch", 200)):
            response = _response(operations.get(method), status)
            if response is not None:
                response.setdefault("headers", {})["ETag"] = _header_ref("ETag")


class RepresentationPlugin(BasePlugin):
    """Lists every property of a ``Representation`` schema as required: the API always sends it."""

    def schema_helper(self, name, definition, **kwargs):
        schema = kwargs.get("schema")
        schema_class = schema if isinstance(schema, type) else type(schema)
        if issubclass(schema_class, Representation):
            return {"required": sorted(definition.get("properties", {}))}
        return None


class ServerLayerResponsesPlugin(BasePlugin):
    """Documents on every operation what the HTTP server answers before the app runs.

    The protocol of service/serving/protocol.py refuses malformed requests (400), headers
    that arrive too slowly (408), long request targets (414) and too many or too long
    header fields (431), each as the same problem+json the application writes.
    """

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            responses = operation.setdefault("responses", {})
            for status in SERVER_LAYER_STATUSES:
                if status not in responses and str(status) not in responses:
                    responses[str(status)] = HTTPStatus(status).name


SERVER_LAYER_STATUSES = (400, 408, 414, 431)

_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": (
        "Write only if the item is still at one of these ETags (strong comparison: a weak "
        "W/ tag never matches, an empty list matches nothing); 412 if it changed, 400 if the "
        "header does not match this pattern."
    ),
    "schema": {"type": "string", "pattern": IF_MATCH_PATTERN},
}
_IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "An ETag from an earlier answer; 304 if it still holds.",
    "schema": {"type": "string"},
}


def _response_ref(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _header_ref(name: str) -> dict:
    return {"$ref": f"#/components/headers/{name}"}


def _response(operation: dict | None, status: int) -> dict | None:
    responses = (operation or {}).get("responses", {})
    response = responses.get(status, responses.get(str(status)))
    return response if isinstance(response, dict) else None


def _document_conditional_get(get: dict) -> None:
    get.setdefault("parameters", []).append(copy.deepcopy(_IF_NONE_MATCH))
    ok = _response(get, 200)
    if ok is not None:
        ok.setdefault("headers", {}).update(
            {"ETag": _header_ref("ETag"), "Cache-Control": _header_ref("CacheControl")}
        )
    get["responses"]["304"] = {"description": "Not Modified: the If-None-Match ETag still holds."}


class TimelineApi(Api):
    """flask-smorest's ``Api``, documenting each blueprint when the spec is first read.

    flask-smorest writes a blueprint's operations into the spec as it registers it: two
    thirds of building the app (60 ms), paid by every worker at start and by every app a
    test builds, though only a request for the contract (or ``timeline openapi``) reads
    it. Here the routes are registered at once and the documentation the first time
    ``spec`` is read, in the same order, so the document is the same.
    """

    ERROR_SCHEMA = ProblemSchema

    def __init__(self, *args, **kwargs):
        self._undocumented: list[tuple] = []
        super().__init__(*args, **kwargs)

    @property
    def spec(self):
        pending, self._undocumented = self._undocumented, []
        for blp, name, parameters in pending:
            blp.register_views_in_doc(self, self._app, self._spec, name=name, parameters=parameters)
            self._spec.tag({"name": name, "description": blp.description})
        return self._spec

    @spec.setter
    def spec(self, value) -> None:
        self._spec = value

    def register_blueprint(self, blp, *, parameters=None, **options):
        """flask-smorest's, with the documentation left for ``spec`` to write."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, name, parameters))

    def _register_responses(self):
        """Every error status is documented with the one problem+json body."""
        for status in HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, errors.PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error, as an RFC 9457 problem.", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, errors.PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)
        self.spec.components.header(
            "ETag",
            {"description": "Entity tag of this representation.", "schema": {"type": "string"}},
        )
        self.spec.components.header(
            "CacheControl",
            {
                "description": "How long shared and private caches may reuse it.",
                "schema": {"type": "string"},
            },
        )

    def _register_pagination_header(self):
        """Nothing: pages here are keyset pages with a ``next`` link, not flask-smorest's."""

    def register_security(self):
        self.spec.components.security_scheme(
            "bearerAuth",
            {
                "type": "http",
                "scheme": "bearer",
                "description": "A token from TIMELINE_API_TOKEN or TIMELINE_TOKENS_FILE.",
            },
        )

    def handle_http_exception(self, error):
        return errors.handle_http_exception(error)
