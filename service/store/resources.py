"""Reading sources, actors, places and tags, each with the number of events that cite it."""

import sqlite_utils

from service.store import NotFound

_EVENT_JOINS = {
    "actors": "LEFT JOIN event_actors j ON j.actor_id = t.id",
    "places": "LEFT JOIN event_places j ON j.place_id = t.id",
    "tags": "LEFT JOIN event_tags j ON j.tag_id = t.id",
    "sources": "LEFT JOIN events j ON j.source = t.id",
}
_READING_ORDER = {"actors": "name", "places": "name", "tags": "label", "sources": "published"}
KIND = {"actors": "actor", "places": "place", "tags": "tag", "sources": "source"}


def list_counted(db: sqlite_utils.Database, table: str) -> list[dict]:
    """Every row of ``table`` with its event count, ordered for reading."""
    return list(db.query(_counted_sql(table, ordered=True)))


def get_counted(db: sqlite_utils.Database, table: str, row_id: str) -> dict:
    """One row of ``table`` with its event count; ``NotFound`` if there is none."""
    rows = list(db.query(_counted_sql(table, where="WHERE t.id = :id"), {"id": row_id}))
    if not rows:
        raise NotFound(KIND[table], row_id)
    return rows[0]


def _counted_sql(table: str, *, where: str = "", ordered: bool = False) -> str:
    order = f" ORDER BY t.{_READING_ORDER[table]}, t.id" if ordered else ""
    return (
        f"SELECT t.*, count(j.rowid) AS event_count FROM {table} t {_EVENT_JOINS[table]}"
        f" {where} GROUP BY t.id{order}"
    )


def count_events(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM events").fetchone()[0]
