"""The flask-smorest ``Api`` that writes the contract: problem+json errors and conditional GETs."""

import typing
from http import HTTPStatus

import marshmallow as ma
from apispec import BasePlugin
from flask import request
from flask_smorest import Api, Blueprint
from flask_smorest.utils import prepare_response
from webargs.flaskparser import FlaskParser

from schemas.common import ProblemSchema
from service import errors


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


class ResourceBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()

    def query_arguments(self, schema):
        """Query parameters from ``schema``; invalid ones answer 400 naming the parameter."""
        return self.arguments(schema, location="query", error_status_code=400)


class ConditionalGetPlugin(BasePlugin):
    """Documents on every GET the ETag and Cache-Control headers and the 304 answer."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        get = (operations or {}).get("get")
        if get is None:
            return
        get.setdefault("parameters", []).append(
            {
                "name": "If-None-Match",
                "in": "header",
                "required": False,
                "description": "An ETag from an earlier answer; 304 if it still holds.",
                "schema": {"type": "string"},
            }
        )
        responses = get.get("responses", {})
        ok = responses.get(200, responses.get("200"))
        if isinstance(ok, dict):
            ok.setdefault("headers", {}).update(
                {
                    "ETag": {"$ref": "#/components/headers/ETag"},
                    "Cache-Control": {"$ref": "#/components/headers/CacheControl"},
                }
            )
        get.setdefault("responses", {})["304"] = {
            "description": "Not Modified: the If-None-Match ETag still holds."
        }


class TimelineApi(Api):
    ERROR_SCHEMA = ProblemSchema

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

    def handle_http_exception(self, error):
        return errors.handle_http_exception(error)
