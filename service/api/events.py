"""``/events``: the timeline, filtered by date overlap, text and facets, in keyset pages."""

from urllib.parse import urlencode

import orjson
from flask import Response, request
from flask.views import MethodView
from flask_smorest import abort

from schemas.event import EventPageSchema, EventQuerySchema, EventSchema
from service.api.cursors import InvalidCursor, decode_cursor, encode_cursor
from service.api.openapi import ResourceBlueprint
from service.dates import parse_query_date
from service.db import get_db
from service.store.events import EventFilter, get_event_document, list_events

blp = ResourceBlueprint(
    "events", __name__, url_prefix="/events", description="Dated events, in timeline order."
)


@blp.route("")
class Events(MethodView):
    cache_responses = True

    @blp.query_arguments(EventQuerySchema)
    @blp.response(
        200,
        EventPageSchema,
        headers={"Link": {"description": 'rel="next" page', "schema": {"type": "string"}}},
    )
    def get(self, query):
        """List events in timeline order, filtered and paged"""
        newest_first = query["sort"] == "-date"
        after = None
        if "cursor" in query:
            try:
                after = decode_cursor(query["cursor"], newest_first=newest_first)
            except InvalidCursor as error:
                abort(400, messages={"query": {"cursor": [str(error)]}})
        page = list_events(
            get_db(),
            event_filter(query),
            limit=query["limit"],
            newest_first=newest_first,
            after=after,
        )
        next_url = None
        if page.has_more:
            next_url = _url_with_cursor(encode_cursor(page.last_key, newest_first=newest_first))
        response = Response(page_body(page.documents, next_url), mimetype="application/json")
        if next_url is not None:
            response.headers["Link"] = f'<{next_url}>; rel="next"'
        return response


@blp.route("/<string:event_id>")
class EventById(MethodView):
    cache_responses = True

    @blp.response(200, EventSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, event_id):
        """Get one event"""
        return Response(get_event_document(get_db(), event_id), mimetype="application/json")


def page_body(documents: list[str], next_url: str | None) -> str:
    """A page's JSON from its events' precomputed documents, without parsing them again."""
    return f'{{"items":[{",".join(documents)}],"next":{orjson.dumps(next_url).decode()}}}'


def event_filter(query: dict) -> EventFilter:
    """The store's filter for validated ``GET /events`` query arguments."""
    bounds = {}
    if "from_" in query:
        bounds["first_day"] = parse_query_date(query["from_"]).start
    if "to" in query:
        bounds["last_day"] = parse_query_date(query["to"]).end
    return EventFilter(
        **bounds,
        relation=query["relation"],
        text=query.get("q"),
        actors=tuple(query.get("actor", ())),
        places=tuple(query.get("place", ())),
        tags=tuple(query.get("tag", ())),
    )


def _url_with_cursor(cursor: str) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor"]
    return f"{request.base_url}?{urlencode([*args, ('cursor', cursor)])}"
