"""Reading events: the timeline query (date overlap, text, facets, keyset pages) and lookups."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from service.store import NotFound
from service.store.schema import JOIN_TABLES

_RELATIONS = {
    "overlaps": "start <= :last_day AND end >= :first_day",
    "within": "start >= :first_day AND end <= :last_day",
    "contains": "start <= :first_day AND end >= :last_day",
}
_FACETS = {
    "actors": ("event_actors", "actor_id"),
    "places": ("event_places", "place_id"),
    "tags": ("event_tags", "tag_id"),
}
_RECORD_COLUMNS = ("id", "title", "summary", "date", "resolved_from")
EARLIEST_DAY = date(1, 1, 1)
LATEST_DAY = date(9999, 12, 31)


@dataclass(frozen=True)
class EventKey:
    """An event's place in the timeline order: start, then end, then id."""

    start: str
    end: str
    id: str


@dataclass(frozen=True)
class EventFilter:
    first_day: date = EARLIEST_DAY
    last_day: date = LATEST_DAY
    relation: str = "overlaps"
    text: str | None = None
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventPage:
    documents: list[str]
    last_key: EventKey | None = None
    has_more: bool = False


def list_events(
    db: sqlite_utils.Database,
    where: EventFilter,
    *,
    limit: int,
    newest_first: bool = False,
    after: EventKey | None = None,
) -> EventPage:
    """One page of events matching ``where``, in timeline order, after ``after`` if given.

    Pages are keyset pages: the next one starts strictly after the last key of this
    one, so a deep page costs what the first does and concurrent inserts never shift it.
    """
    conditions, params = _conditions(db, where)
    direction = "DESC" if newest_first else "ASC"
    if after is not None:
        conditions.append(
            f"(start, end, id) {'<' if newest_first else '>'} (:k_start, :k_end, :k_id)"
        )
        params.update(k_start=after.start, k_end=after.end, k_id=after.id)
    sql = (
        "SELECT id, start, end, document FROM events"
        f" WHERE {' AND '.join(conditions)}"
        f" ORDER BY start {direction}, end {direction}, id {direction} LIMIT :limit"
    )
    rows = db.execute(sql, {**params, "limit": limit + 1}).fetchall()
    keys = [EventKey(start, end, id) for id, start, end, _ in rows[:limit]]
    return EventPage(
        documents=[document for *_, document in rows[:limit]],
        last_key=keys[-1] if keys else None,
        has_more=len(rows) > limit,
    )


def iter_event_documents(
    db: sqlite_utils.Database, where: EventFilter, *, newest_first: bool = False
) -> Iterator[str]:
    """Every event matching ``where``, as its API document, in timeline order (for exports)."""
    conditions, params = _conditions(db, where)
    direction = "DESC" if newest_first else "ASC"
    sql = (
        f"SELECT document FROM events WHERE {' AND '.join(conditions)}"
        f" ORDER BY start {direction}, end {direction}, id {direction}"
    )
    for (document,) in db.execute(sql, params):
        yield document


def iter_event_spans(db: sqlite_utils.Database, where: EventFilter) -> Iterator[tuple[date, date]]:
    """The first and last day of every event matching ``where`` (for counts over time)."""
    conditions, params = _conditions(db, where)
    sql = f"SELECT start, end FROM events WHERE {' AND '.join(conditions)}"
    for start, end in db.execute(sql, params):
        yield date.fromisoformat(start), date.fromisoformat(end)


def get_event_document(db: sqlite_utils.Database, event_id: str) -> str:
    row = db.execute("SELECT document FROM events WHERE id = ?", [event_id]).fetchone()
    if row is None:
        raise NotFound("event", event_id)
    return row[0]


def get_event_record(db: sqlite_utils.Database, event_id: str) -> dict:
    """An event as a dataset record (what writers send), without derived fields."""
    records = event_records(db, event_id=event_id)
    if not records:
        raise NotFound("event", event_id)
    return records[0]


def event_records(db: sqlite_utils.Database, *, event_id: str | None = None) -> list[dict]:
    """Events as dataset records in timeline order: every event, or the one with ``event_id``."""
    where, params = ("WHERE id = :id", {"id": event_id}) if event_id else ("", {})
    links = {
        table: _links_by_event(db, table, column, event_id)
        for table, (column, _) in JOIN_TABLES.items()
    }
    return [
        {
            **{column: row[column] for column in _RECORD_COLUMNS},
            "actors": links["event_actors"].get(row["id"], []),
            "places": links["event_places"].get(row["id"], []),
            "tags": links["event_tags"].get(row["id"], []),
            "figures": json.loads(row["figures"]),
            "source": row["source"],
            "evidence": json.loads(row["evidence"]),
        }
        for row in db.query(f"SELECT * FROM events {where} ORDER BY start, end, id", params)
    ]


def version_of(document: str) -> str:
    """The version of an event: the sha1 of its JSON document, as its ETag quotes it."""
    return hashlib.sha1(document.encode()).hexdigest()


def _links_by_event(
    db: sqlite_utils.Database, table: str, column: str, event_id: str | None
) -> dict[str, list[str]]:
    """Linked ids per event, in their recorded order: for every event, or just ``event_id``."""
    where = "WHERE event_id = :id" if event_id else ""
    sql = f"SELECT event_id, {column} FROM {table} {where} ORDER BY event_id, position"
    links: dict[str, list[str]] = {}
    for linked_event, linked_id in db.execute(sql, {"id": event_id}):
        links.setdefault(linked_event, []).append(linked_id)
    return links


def _conditions(db: sqlite_utils.Database, where: EventFilter) -> tuple[list[str], dict]:
    conditions = [_RELATIONS[where.relation]]
    params: dict = {
        "first_day": where.first_day.isoformat(),
        "last_day": where.last_day.isoformat(),
    }
    if where.text is not None and where.text.strip():
        fts_query = _fts_phrase_query(db, where.text)
        if fts_query:
            conditions.append("rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :fts)")
            params["fts"] = fts_query
        else:
            conditions.append("0")
    for facet, (table, column) in _FACETS.items():
        for index, value in enumerate(getattr(where, facet)):
            name = f"{facet}_{index}"
            conditions.append(f"id IN (SELECT event_id FROM {table} WHERE {column} = :{name})")
            params[name] = value
    return conditions, params


def _fts_phrase_query(db: sqlite_utils.Database, text: str) -> str:
    """Any text as an FTS5 query of quoted words, so operators and quotes are plain words.

    SQLite cannot take a NUL inside a query string, so NULs separate words like spaces.
    """
    return db.quote_fts(text.replace("\x00", " "))
