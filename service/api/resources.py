"""``/sources``, ``/actors``, ``/places`` and ``/tags``: small lists, each row with its event count.

The four resources behave alike, so one factory makes their blueprints.
"""

from flask.views import MethodView

from schemas.actor import ActorListSchema, ActorSchema
from schemas.place import PlaceListSchema, PlaceSchema
from schemas.source import SourceListSchema, SourceSchema
from schemas.tag import TagListSchema, TagSchema
from service.api.openapi import ResourceBlueprint
from service.db import get_db
from service.store.resources import get_counted, list_counted


def counted_resource(table: str, singular: str, list_schema, item_schema, description: str):
    blp = ResourceBlueprint(table, __name__, url_prefix=f"/{table}", description=description)

    @blp.route("")
    class Collection(MethodView):
        cache_responses = True

        @blp.doc(summary=f"List {table} with their event counts")
        @blp.response(200, list_schema)
        def get(self):
            return {"items": list_counted(get_db(), table)}

    @blp.route("/<string:item_id>")
    class Item(MethodView):
        cache_responses = True

        @blp.doc(summary=f"Get one {singular}")
        @blp.response(200, item_schema)
        @blp.alt_response(404, response="NOT_FOUND")
        def get(self, item_id):
            return get_counted(get_db(), table, item_id)

    return blp


BLUEPRINTS = [
    counted_resource(
        "sources",
        "source",
        SourceListSchema,
        SourceSchema,
        "Published texts the events come from, with their sha256.",
    ),
    counted_resource(
        "actors",
        "actor",
        ActorListSchema,
        ActorSchema,
        "People, organisations and countries taking part in events.",
    ),
    counted_resource("places", "place", PlaceListSchema, PlaceSchema, "Where events happen."),
    counted_resource("tags", "tag", TagListSchema, TagSchema, "Topics of events."),
]
