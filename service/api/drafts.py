"""``POST /drafts``: the temporal expressions of a text, dated against its publication day.

It writes nothing (no token; replicas serve it), takes JSON or ``text/plain`` bodies of up to
100,000 bytes whatever ``TIMELINE_MAX_BODY_BYTES`` says, and runs at most
``TIMELINE_DRAFTS_AT_ONCE`` drafts at a time per worker (429 beyond).
"""

from http import HTTPStatus

import marshmallow as ma
from flask import Response, request
from flask.views import MethodView
from flask_smorest import abort

from schemas.draft import DraftQuerySchema, DraftRequestSchema, DraftSchema
from service.api.openapi import ApiBlueprint
from service.drafts.drafting import (
    DRAFT_MAX_BODY_BYTES,
    PLAIN_TEXT,
    allow_draft_sized_body,
    draft_document,
    plain_text_body,
)
from service.drafts.resolver import find_expressions
from service.drafts.slots import draft_slot
from service.drafts.timeml import TIMEML_MEDIA_TYPE, draft_timeml
from service.http.body_rules import JSON
from service.http.view_marks import takes_bodies, writes_nothing

blp = ApiBlueprint(
    "drafts", __name__, description="Find and date the temporal expressions in a news text."
)
_REQUEST_BODY = {
    "required": True,
    "description": f"The text, at most {DRAFT_MAX_BODY_BYTES:,} bytes: JSON, or plain text "
    "with the publication day in the query.",
    "content": {
        JSON: {"schema": DraftRequestSchema},
        # Bytes to generated clients (openapi-python-client sends a binary body as it is).
        PLAIN_TEXT: {
            "schema": {
                "type": "string",
                "format": "binary",
                "description": "UTF-8 text; any other bytes are a 415.",
            }
        },
    },
}
# TimeML has no registered media type; it is XML, and RFC 7303 prefers application/xml.
_TIMEML_ANSWER = {
    200: {
        "content": {
            TIMEML_MEDIA_TYPE: {
                "schema": {
                    "type": "string",
                    "description": "With format=timeml: a TimeML 1.2.1 document, UTF-8.",
                }
            }
        }
    }
}


@blp.route("/drafts")
class Drafts(MethodView):
    @blp.doc(operationId="createDraft", requestBody=_REQUEST_BODY, responses=_TIMEML_ANSWER)
    @blp.query_arguments(DraftQuerySchema)
    @blp.response(200, DraftSchema)
    @blp.alt_response(413, response=HTTPStatus(413).name)
    @blp.alt_response(415, response=HTTPStatus(415).name)
    @blp.alt_response(422, response=HTTPStatus(422).name)
    @blp.alt_response(429, response=HTTPStatus(429).name)
    @writes_nothing
    @takes_bodies(JSON, PLAIN_TEXT)
    def post(self, query):
        """Find every date in a text and resolve it against the publication day; stores nothing"""
        text, published, source = _draft_request(query)
        with draft_slot():
            expressions = find_expressions(text, published)
        if query["format"] == "timeml":
            timeml = draft_timeml(text, published, source or "draft", expressions)
            return Response(timeml, mimetype=TIMEML_MEDIA_TYPE)
        return draft_document(text, published, source, expressions)


def _draft_request(query: dict) -> tuple:
    allow_draft_sized_body()
    if request.mimetype == PLAIN_TEXT:
        if "published" not in query:
            abort(422, messages={"query": {"published": ["required with a text/plain body"]}})
        return plain_text_body(), query["published"], query.get("source")
    try:
        body = DraftRequestSchema().load(request.get_json())
    except ma.ValidationError as error:
        abort(422, messages={"json": error.messages})
    return body["text"], body["published"], body["source"] or query.get("source")
