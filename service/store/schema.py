"""Tables, indexes and full-text search, created with sqlite-utils."""

import sqlite_utils

JOIN_TABLES = {
    "event_actors": ("actor_id", "actors"),
    "event_places": ("place_id", "places"),
    "event_tags": ("tag_id", "tags"),
}


def create_schema(db: sqlite_utils.Database) -> None:
    """Create every table, index and the FTS5 index over event titles and summaries."""
    db["sources"].create(
        {
            "id": str,
            "title": str,
            "publisher": str,
            "author": str,
            "published": str,
            "language": str,
            "file": str,
            "url": str,
            "sha256": str,
            "length": int,
            "notes": str,
        },
        pk="id",
        not_null={"title", "publisher", "published", "sha256", "length"},
    )
    db["actors"].create(
        {"id": str, "name": str, "kind": str, "role": str}, pk="id", not_null={"name", "kind"}
    )
    db["places"].create(
        {"id": str, "name": str, "kind": str, "country": str}, pk="id", not_null={"name", "kind"}
    )
    db["tags"].create({"id": str, "label": str}, pk="id", not_null={"label"})
    db["events"].create(
        {
            "id": str,
            "title": str,
            "summary": str,
            "date": str,
            "start": str,
            "end": str,
            "precision": str,
            "approximate": int,
            "uncertain": int,
            "resolved_from": str,
            "figures": str,
            "evidence": str,
            "source": str,
            "document": str,
        },
        pk="id",
        not_null={"title", "summary", "date", "start", "end", "precision", "source", "document"},
        foreign_keys=[("source", "sources", "id")],
    )
    db["events"].create_index(["start", "end", "id"])
    db["events"].create_index(["end"])
    for table, (column, target) in JOIN_TABLES.items():
        db[table].create(
            {"event_id": str, column: str, "position": int},
            pk=("event_id", column),
            foreign_keys=[("event_id", "events", "id"), (column, target, "id")],
        )
        db[table].create_index([column, "event_id"])
    db["events"].enable_fts(["title", "summary"], fts_version="FTS5", create_triggers=True)
    db["changes"].create(
        {
            "id": int,
            "at": str,
            "author": str,
            "action": str,
            "kind": str,
            "item_id": str,
            "before": str,
            "after": str,
        },
        pk="id",
        not_null={"at", "author", "action", "kind", "item_id"},
    )
    db["changes"].create_index(["kind", "item_id", "id"])
