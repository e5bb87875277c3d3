"""``/sources``, ``/actors``, ``/places`` and ``/tags``: small lists, each row with its event count.

The four resources behave alike, so one factory makes their blueprints.
"""

from flask import g, url_for
from flask.views import MethodView

from schemas.event import MergePatchSchema
from schemas.resources import SCHEMAS, KindSchemas
from service.api.conditional import apply_merge_patch, if_match_versions
from service.api.openapi import LOCATION, ApiBlueprint
from service.core.kinds import KINDS, SOURCES, Kind
from service.files.db import get_db
from service.http.body_rules import MERGE_PATCH_JSON
from service.store.resource_writes import (
    create_resource,
    delete_resource,
    replace_resource,
    resource_version,
)
from service.store.resources import get_counted, list_counted


def counted_resource(kind: Kind, schemas: KindSchemas) -> ApiBlueprint:
    """A blueprint to list, read and edit one ``kind``."""
    table, singular = kind.table, kind.singular
    record_schema, item_schema, list_schema = schemas.record, schemas.item, schemas.list
    replace_schema = _without_id(record_schema)
    name = kind.title
    blp = ApiBlueprint(table, __name__, url_prefix=f"/{table}", description=kind.description)

    @blp.route("")
    class Collection(MethodView):
        cache_responses = True

        @blp.doc(
            summary=f"List {table} with their event counts", operationId=f"list{table.title()}"
        )
        @blp.response(200, list_schema)
        def get(self):
            return {"items": list_counted(get_db(), table)}

        @blp.doc(
            summary=f"Add one {singular}",
            operationId=f"create{name}",
            responses={201: {"links": _item_links(name)}},
        )
        @blp.arguments(record_schema)
        @blp.response(201, item_schema, headers=LOCATION)
        @blp.write(409)
        def post(self, record):
            row = create_resource(get_db(), table, record, author=g.author)
            location = url_for(f"{table}.Item", item_id=row["id"])
            return row, 201, {**_etag(row), "Location": location}

    @blp.route("/<string:item_id>")
    class Item(MethodView):
        cache_responses = True

        @blp.doc(summary=f"Get one {singular}", operationId=f"get{name}")
        @blp.response(200, item_schema)
        @blp.alt_response(404, response="NOT_FOUND")
        def get(self, item_id):
            row = get_counted(get_db(), table, item_id)
            return row, _etag(row)

        @blp.doc(summary=f"Replace one {singular}", operationId=f"replace{name}")
        @blp.arguments(replace_schema)
        @blp.response(200, item_schema)
        @blp.write(404, 412, *_REPLACE_CONFLICTS.get(table, ()))
        def put(self, record, item_id):
            row = replace_resource(
                get_db(),
                table,
                {**record, "id": item_id},
                author=g.author,
                expected_versions=if_match_versions(),
            )
            return row, _etag(row)

        @blp.doc(
            summary=f"Change some fields of one {singular} (JSON merge patch)",
            operationId=f"patch{name}",
        )
        @blp.arguments(MergePatchSchema, content_type=MERGE_PATCH_JSON)
        @blp.response(200, item_schema)
        @blp.write(404, 409, 412, 422)
        def patch(self, patch, item_id):
            db = get_db()

            def current():
                row = get_counted(db, table, item_id)
                record = {key: value for key, value in row.items() if key != "event_count"}
                return resource_version(row), record

            def write(record, expected):
                return replace_resource(
                    db, table, record, author=g.author, action="patch", expected_versions=expected
                )

            row = apply_merge_patch(
                patch,
                item=f"{singular} {item_id!r}",
                current=current,
                schema=record_schema(),
                write=write,
            )
            return row, _etag(row)

        @blp.doc(summary=f"Delete one {singular} that no event cites", operationId=f"delete{name}")
        @blp.response(204)
        @blp.write(404, 409, 412, body=False)
        def delete(self, item_id):
            delete_resource(
                get_db(), table, item_id, author=g.author, expected_versions=if_match_versions()
            )

    return blp


# A source cannot shrink below the evidence that cites it (409).
_REPLACE_CONFLICTS = {SOURCES.table: (409,)}


def _item_links(name: str) -> dict:
    """OpenAPI links from a created item to the operations on it (for stateful testing)."""
    return {
        f"{verb}{name}": {
            "operationId": f"{verb.lower()}{name}",
            "parameters": {"item_id": "$response.body#/id"},
        }
        for verb in ("Get", "Replace", "Patch", "Delete")
    }


def _etag(row: dict) -> dict[str, str]:
    return {"ETag": f'"{resource_version(row)}"'}


def _without_id(record_schema):
    """The record schema for PUT, where the id comes from the path."""
    meta = type("Meta", (), {"exclude": ("id",)})
    return type(
        record_schema.__name__.replace("Record", "Replace"), (record_schema,), {"Meta": meta}
    )


BLUEPRINTS = [counted_resource(kind, SCHEMAS[kind.table]) for kind in KINDS]
