"""Reading sources, actors, places and tags, each with the number of events that cite it."""

import sqlite_utils

from service.core.kinds import KIND_BY_TABLE, Kind
from service.store import NotFound


def citing_events(kind: Kind) -> tuple[str, str]:
    """The table of rows that cite an item of ``kind``, and its column holding the item's id:
    a join table for the kinds events list, ``events.source`` for sources."""
    return (kind.join_table, kind.column) if kind.linked else ("events", kind.singular)


def list_counted(db: sqlite_utils.Database, table: str) -> list[dict]:
    """Every row of ``table`` with its event count, ordered for reading."""
    return list(db.query(_counted_sql(table, ordered=True)))


def get_counted(db: sqlite_utils.Database, table: str, row_id: str) -> dict:
    """One row of ``table`` with its event count; ``NotFound`` if there is none."""
    rows = list(db.query(_counted_sql(table, where="WHERE t.id = :id"), {"id": row_id}))
    if not rows:
        raise NotFound(KIND_BY_TABLE[table].singular, row_id)
    return rows[0]


def _counted_sql(table: str, *, where: str = "", ordered: bool = False) -> str:
    kind = KIND_BY_TABLE[table]
    order = f" ORDER BY t.{kind.reading_order}, t.id" if ordered else ""
    citing, column = citing_events(kind)
    return (
        f"SELECT t.*, count(j.rowid) AS event_count FROM {table} t"
        f" LEFT JOIN {citing} j ON j.{column} = t.id {where} GROUP BY t.id{order}"
    )


def count_events(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM events").fetchone()[0]
