"""Writing sources, actors, places and tags, and keeping the events that show them current.

Event documents embed actor and place names, so renaming one re-renders the events that
name it in the same transaction. Something still cited by an event cannot be deleted.
"""

import hashlib

import orjson
import sqlite_utils

from service.core.kinds import KIND_BY_TABLE
from service.store import Conflict, StaleVersion
from service.store.event_writes import rerender_event_documents
from service.store.history import record_change
from service.store.resources import get_counted
from service.store.transactions import write_transaction


def resource_version(row: dict) -> str:
    """A resource's version, as its ETag quotes it: the sha1 of what GET returns for it."""
    return hashlib.sha1(orjson.dumps(row, option=orjson.OPT_SORT_KEYS)).hexdigest()


def create_resource(db: sqlite_utils.Database, table: str, record: dict, *, author: str) -> dict:
    with write_transaction(db):
        if db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [record["id"]]).fetchone():
            raise Conflict(f"{_singular(table)} {record['id']!r} already exists")
        db[table].insert(record)
        after = get_counted(db, table, record["id"])
        record_resource_change(db, table, record["id"], "create", author, None, after)
    return after


def replace_resource(
    db: sqlite_utils.Database,
    table: str,
    record: dict,
    *,
    author: str,
    expected_versions: frozenset[str] | None = None,
    action: str = "replace",
) -> dict:
    with write_transaction(db):
        before = _current(db, table, record["id"], expected_versions)
        if table == "sources":
            _require_cited_evidence_fits(db, record)
        db[table].update(record["id"], record)
        after = get_counted(db, table, record["id"])
        record_resource_change(db, table, record["id"], action, author, before, after)
        if KIND_BY_TABLE[table].named_in_documents:
            _rerender_events_citing(db, table, record["id"], author)
    return after


def delete_resource(
    db: sqlite_utils.Database,
    table: str,
    item_id: str,
    *,
    author: str,
    expected_versions: frozenset[str] | None = None,
) -> None:
    with write_transaction(db):
        before = _current(db, table, item_id, expected_versions)
        if before["event_count"]:
            raise Conflict(
                f"{_singular(table)} {item_id!r} is cited by {before['event_count']} event(s); "
                "remove it from them first"
            )
        db.execute(f"DELETE FROM {table} WHERE id = ?", [item_id])
        record_resource_change(db, table, item_id, "delete", author, before, None)


def _current(
    db: sqlite_utils.Database, table: str, item_id: str, expected: frozenset[str] | None
) -> dict:
    row = get_counted(db, table, item_id)
    if expected is not None and resource_version(row) not in expected:
        raise StaleVersion(
            f"{_singular(table)} {item_id!r} is no longer at the version given in If-Match"
        )
    return row


def _require_cited_evidence_fits(db: sqlite_utils.Database, source: dict) -> None:
    """A source's new ``length`` must still hold every evidence span that cites it; otherwise
    the data could no longer be exported and loaded back (``timeline load`` checks it)."""
    beyond = db.execute(
        "SELECT events.id, max(json_extract(span.value, '$.end')) AS reach"
        " FROM events, json_each(events.evidence) AS span"
        " WHERE events.source = ? GROUP BY events.id HAVING reach > ? ORDER BY events.id",
        [source["id"], source["length"]],
    ).fetchall()
    if beyond:
        cited = ", ".join(f"{event_id!r} (to {reach})" for event_id, reach in beyond[:5])
        raise Conflict(
            f"source {source['id']!r} cannot be {source['length']} characters long: "
            f"evidence in {len(beyond)} event(s) reaches further: {cited}; "
            "change that evidence first"
        )


def _rerender_events_citing(
    db: sqlite_utils.Database, table: str, item_id: str, author: str
) -> None:
    """Render again the documents of the events that name this actor or place, each changed
    one recorded as a ``rename`` for those who sync events."""
    kind = KIND_BY_TABLE[table]
    sql = f"SELECT event_id FROM {kind.join_table} WHERE {kind.column} = ?"
    event_ids = [event_id for (event_id,) in db.execute(sql, [item_id]).fetchall()]
    rerender_event_documents(db, event_ids, author=author, action="rename")


def _singular(table: str) -> str:
    return KIND_BY_TABLE[table].singular


def record_resource_change(db, table, item_id, action, author, before, after) -> None:
    """Record a change to a source, actor, place or tag; ``before``/``after`` are rows."""
    record_change(
        db,
        kind=_singular(table),
        item_id=item_id,
        action=action,
        author=author,
        before=orjson.dumps(before).decode() if before else None,
        after=orjson.dumps(after).decode() if after else None,
    )
