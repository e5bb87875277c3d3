"""``/events``: the timeline, filtered by date overlap, text and facets, in keyset pages."""

from urllib.parse import urlencode

import orjson
from flask import Response, g, request, url_for
from flask.views import MethodView
from flask_smorest import abort

from schemas.event import (
    EventPageSchema,
    EventQuerySchema,
    EventRecordSchema,
    EventReplaceSchema,
    EventSchema,
    MergePatchSchema,
)
from schemas.history import HistoryQuerySchema, HistorySchema
from service.api.conditional import apply_merge_patch, if_match_versions
from service.api.cursors import (
    InvalidCursor,
    decode_cursor,
    decode_history_cursor,
    encode_cursor,
    encode_history_cursor,
)
from service.api.event_query import event_filter, newest_first
from service.api.openapi import LOCATION, ApiBlueprint
from service.files.db import get_db
from service.http.body_rules import MERGE_PATCH_JSON
from service.http.links import absolute_url
from service.http.response_cache import snapshot_revision
from service.store.event_writes import create_event, delete_event, replace_event
from service.store.events import get_event_document, get_event_record, list_events, version_of
from service.store.history import item_history

EXAMPLE_EVENT = {
    "id": "yellen-meets-he-lifeng-2024",
    "title": "Yellen holds talks with Vice Premier He Lifeng",
    "summary": "An example record: the Treasury Secretary meets her Chinese counterpart.",
    "date": "2024-04~",
    "actors": ["janet-yellen"],
    "places": ["china"],
    "tags": ["economy", "us-china-relations"],
    "figures": [],
    "source": "asianews-2024-us-china-repatriation",
    "evidence": [],
}
_RECORD = EventRecordSchema()
NEXT_LINK = {"Link": {"description": 'rel="next" page', "schema": {"type": "string"}}}
_ITEM_LINKS = {
    name: {"operationId": operation, "parameters": {"event_id": "$response.body#/id"}}
    for name, operation in {
        "GetEvent": "getEvent",
        "ReplaceEvent": "replaceEvent",
        "PatchEvent": "patchEvent",
        "DeleteEvent": "deleteEvent",
        "GetEventHistory": "getEventHistory",
    }.items()
}

blp = ApiBlueprint(
    "events", __name__, url_prefix="/events", description="Dated events, in timeline order."
)


@blp.route("")
class Events(MethodView):
    cache_responses = True

    @blp.doc(operationId="listEvents")
    @blp.query_arguments(EventQuerySchema)
    @blp.response(200, EventPageSchema, headers=NEXT_LINK)
    def get(self, query):
        """List events in timeline order, filtered and paged"""
        newest = newest_first(query)
        after = None
        if "cursor" in query:
            try:
                after = decode_cursor(query["cursor"], newest_first=newest)
            except InvalidCursor as error:
                abort(400, messages={"query": {"cursor": [str(error)]}})
        page = list_events(
            get_db(),
            event_filter(query),
            limit=query["limit"],
            newest_first=newest,
            after=after,
            revision=snapshot_revision(),
        )
        next_url = None
        if page.has_more:
            cursor = encode_cursor(page.last_key, newest_first=newest)
            next_url = _url_with_cursor("events.Events", cursor)
        body = page_body(page.documents, next_url)
        return Response(body, mimetype="application/json", headers=_next_link(next_url))

    @blp.doc(operationId="createEvent", responses={201: {"links": _ITEM_LINKS}})
    @blp.arguments(EventRecordSchema, example=EXAMPLE_EVENT)
    @blp.response(201, EventSchema, headers=LOCATION)
    @blp.write(409)
    def post(self, record):
        """Add an event (derived date fields are computed, never accepted)"""
        response = event_response(create_event(get_db(), record, author=g.author), 201)
        response.headers["Location"] = url_for("events.EventById", event_id=record["id"])
        return response


@blp.route("/<string:event_id>")
class EventById(MethodView):
    cache_responses = True

    @blp.doc(operationId="getEvent")
    @blp.response(200, EventSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, event_id):
        """Get one event"""
        return event_response(get_event_document(get_db(), event_id))

    @blp.doc(operationId="replaceEvent")
    @blp.arguments(
        EventReplaceSchema, example={k: v for k, v in EXAMPLE_EVENT.items() if k != "id"}
    )
    @blp.response(200, EventSchema)
    @blp.write(404, 412)
    def put(self, record, event_id):
        """Replace an event (If-Match makes it conditional)"""
        document = replace_event(
            get_db(),
            {**record, "id": event_id},
            author=g.author,
            expected_versions=if_match_versions(),
        )
        return event_response(document)

    @blp.doc(operationId="patchEvent")
    @blp.arguments(MergePatchSchema, content_type=MERGE_PATCH_JSON, example={"date": "2024-04-07"})
    @blp.response(200, EventSchema)
    @blp.write(404, 409, 412, 422)
    def patch(self, patch, event_id):
        """Change some fields of an event with a JSON merge patch (RFC 7396)"""
        db = get_db()

        def current():
            version = version_of(get_event_document(db, event_id))
            return version, get_event_record(db, event_id)

        def write(record, expected):
            return replace_event(
                db, record, author=g.author, action="patch", expected_versions=expected
            )

        document = apply_merge_patch(
            patch, item=f"event {event_id!r}", current=current, schema=_RECORD, write=write
        )
        return event_response(document)

    @blp.doc(operationId="deleteEvent")
    @blp.response(204)
    @blp.write(404, 412, body=False)
    def delete(self, event_id):
        """Delete an event (its history stays)"""
        delete_event(get_db(), event_id, author=g.author, expected_versions=if_match_versions())


@blp.route("/<string:event_id>/history")
class EventHistory(MethodView):
    @blp.doc(operationId="getEventHistory")
    @blp.query_arguments(HistoryQuerySchema)
    @blp.response(200, HistorySchema, headers=NEXT_LINK)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, event_id):
        """Every recorded change to an event, newest first and paged, deleted events included"""
        before = None
        if "cursor" in query:
            try:
                before = decode_history_cursor(query["cursor"])
            except InvalidCursor as error:
                abort(400, messages={"query": {"cursor": [str(error)]}})
        page = item_history(get_db(), "event", event_id, limit=query["limit"], before=before)
        next_url = None
        if page.has_more:
            cursor = encode_history_cursor(page.changes[-1]["id"])
            next_url = _url_with_cursor("events.EventHistory", cursor, event_id=event_id)
        body = {"items": [_parsed_change(change) for change in page.changes], "next": next_url}
        return body, 200, _next_link(next_url)


def event_response(document: str, status: int = 200) -> Response:
    """An event's stored JSON document as the response, its version as the ETag."""
    response = Response(document, status=status, mimetype="application/json")
    response.set_etag(version_of(document))
    return response


def _parsed_change(change: dict) -> dict:
    return {
        **change,
        "before": orjson.loads(change["before"]) if change["before"] else None,
        "after": orjson.loads(change["after"]) if change["after"] else None,
    }


def page_body(documents: list[str], next_url: str | None) -> str:
    """A page's JSON from its events' precomputed documents, without parsing them again."""
    return f'{{"items":[{",".join(documents)}],"next":{orjson.dumps(next_url).decode()}}}'


def _url_with_cursor(endpoint: str, cursor: str, **values) -> str:
    """This request's URL with ``cursor`` in place of its own: the next page's URL."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor"]
    return absolute_url(endpoint, urlencode([*args, ("cursor", cursor)]), **values)


def _next_link(next_url: str | None) -> dict[str, str]:
    return {} if next_url is None else {"Link": f'<{next_url}>; rel="next"'}
