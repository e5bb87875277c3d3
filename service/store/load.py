"""Writing a whole dataset in one transaction, and reading it back out."""

import json

import sqlite_utils

from service.store.schema import JOIN_TABLES

RESOURCE_TABLES = ("sources", "actors", "places", "tags")
_EVENT_LINKS = {"event_actors": "actors", "event_places": "places", "event_tags": "tags"}
_EVENT_RECORD_COLUMNS = ("id", "title", "summary", "date", "resolved_from")


def replace_dataset(
    db: sqlite_utils.Database, resources: dict[str, list[dict]], events: list[dict]
) -> None:
    """Replace everything with ``resources`` and ``events`` (store rows), all or nothing.

    Each event row carries its table columns plus ``actors``, ``places`` and ``tags``
    as lists of ids, kept in the given order.
    """
    with db.atomic():
        _delete_events(db)
        for table in RESOURCE_TABLES:
            db.execute(f"DELETE FROM {table}")
        for table in RESOURCE_TABLES:
            db[table].insert_all(resources[table])
        _insert_events(db, events)


def replace_events(db: sqlite_utils.Database, events: list[dict]) -> None:
    """Replace every event with ``events`` (store rows), all or nothing; resources stay."""
    with db.atomic():
        _delete_events(db)
        _insert_events(db, events)


def _delete_events(db: sqlite_utils.Database) -> None:
    for table in (*JOIN_TABLES, "events"):
        db.execute(f"DELETE FROM {table}")


def _insert_events(db: sqlite_utils.Database, events: list[dict]) -> None:
    db["events"].insert_all(
        {key: value for key, value in event.items() if key not in _EVENT_LINKS.values()}
        for event in events
    )
    for table, (column, _) in JOIN_TABLES.items():
        db[table].insert_all(
            {"event_id": event["id"], column: linked_id, "position": position}
            for event in events
            for position, linked_id in enumerate(event[_EVENT_LINKS[table]])
        )


def export_resources(db: sqlite_utils.Database) -> dict[str, list[dict]]:
    """Every source, actor, place and tag as dataset records."""
    return {
        table: list(db.query(f"SELECT * FROM {table} ORDER BY id")) for table in RESOURCE_TABLES
    }


def export_dataset(db: sqlite_utils.Database) -> dict[str, list[dict]]:
    """Every resource and event as dataset records, events in timeline order."""
    dataset = export_resources(db)
    links = {
        table: _links_by_event(db, table, column) for table, (column, _) in JOIN_TABLES.items()
    }
    dataset["events"] = [
        {
            **{column: row[column] for column in _EVENT_RECORD_COLUMNS},
            "actors": links["event_actors"].get(row["id"], []),
            "places": links["event_places"].get(row["id"], []),
            "tags": links["event_tags"].get(row["id"], []),
            "figures": json.loads(row["figures"]),
            "source": row["source"],
            "evidence": json.loads(row["evidence"]),
        }
        for row in db.query("SELECT * FROM events ORDER BY start, end, id")
    ]
    return dataset


def _links_by_event(db: sqlite_utils.Database, table: str, column: str) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    for event_id, linked_id in db.execute(
        f"SELECT event_id, {column} FROM {table} ORDER BY event_id, position"
    ):
        links.setdefault(event_id, []).append(linked_id)
    return links
