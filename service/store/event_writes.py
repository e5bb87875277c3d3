"""Writing events one at a time: create, replace, delete, each in one immediate transaction.

Every write takes SQLite's write lock up front (``BEGIN IMMEDIATE``), so a read-then-write
never fails halfway on a snapshot another writer has moved past; the connection's busy
timeout makes concurrent writers queue instead of failing.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from service.dataset import event_row
from service.store import Busy, Conflict, InvalidReferences, StaleVersion
from service.store.events import get_event_document, version_of
from service.store.history import record_change
from service.store.schema import JOIN_TABLES

_LINK_FIELDS = {"event_actors": "actors", "event_places": "places", "event_tags": "tags"}
_REFERENCE_TABLES = {"actors": "actor", "places": "place", "tags": "tag"}


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One all-or-nothing transaction holding the write lock from its start."""
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise Busy("the database is busy with other writes; try again") from error
        raise
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    db.execute("COMMIT")


def insert_event_rows(db: sqlite_utils.Database, rows: list[dict]) -> None:
    """Insert rows made by ``dataset.event_row``, with their links, in the open transaction."""
    db["events"].insert_all(
        {key: value for key, value in row.items() if key not in _LINK_FIELDS.values()}
        for row in rows
    )
    for table, (column, _) in JOIN_TABLES.items():
        db[table].insert_all(
            {"event_id": row["id"], column: linked_id, "position": position}
            for row in rows
            for position, linked_id in enumerate(row[_LINK_FIELDS[table]])
        )


def delete_event_rows(db: sqlite_utils.Database, event_id: str) -> None:
    for table in JOIN_TABLES:
        db.execute(f"DELETE FROM {table} WHERE event_id = ?", [event_id])
    db.execute("DELETE FROM events WHERE id = ?", [event_id])


def create_event(db: sqlite_utils.Database, record: dict, *, author: str) -> str:
    """Add a new event; returns its document. ``Conflict`` if the id is taken."""
    with write_transaction(db):
        if _exists(db, record["id"]):
            raise Conflict(f"an event with id {record['id']!r} already exists")
        row = checked_event_row(db, record)
        insert_event_rows(db, [row])
        record_change(
            db,
            kind="event",
            item_id=record["id"],
            action="create",
            author=author,
            before=None,
            after=row["document"],
        )
    return row["document"]


def replace_event(
    db: sqlite_utils.Database,
    record: dict,
    *,
    author: str,
    expected_versions: frozenset[str] | None = None,
    action: str = "replace",
) -> str:
    """Replace an existing event with ``record``; returns its new document.

    ``expected_versions`` (ETag values) make the write conditional: ``StaleVersion``
    unless the event's current version is one of them.
    """
    with write_transaction(db):
        before = _current_document(db, record["id"], expected_versions)
        row = checked_event_row(db, record)
        delete_event_rows(db, record["id"])
        insert_event_rows(db, [row])
        record_change(
            db,
            kind="event",
            item_id=record["id"],
            action=action,
            author=author,
            before=before,
            after=row["document"],
        )
    return row["document"]


def delete_event(
    db: sqlite_utils.Database,
    event_id: str,
    *,
    author: str,
    expected_versions: frozenset[str] | None = None,
) -> None:
    with write_transaction(db):
        before = _current_document(db, event_id, expected_versions)
        delete_event_rows(db, event_id)
        record_change(
            db,
            kind="event",
            item_id=event_id,
            action="delete",
            author=author,
            before=before,
            after=None,
        )


def _exists(db: sqlite_utils.Database, event_id: str) -> bool:
    return db.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone() is not None


def _current_document(
    db: sqlite_utils.Database, event_id: str, expected: frozenset[str] | None
) -> str:
    document = get_event_document(db, event_id)
    if expected is not None and version_of(document) not in expected:
        raise StaleVersion(f"event {event_id!r} is no longer at the version given in If-Match")
    return document


def checked_event_row(db: sqlite_utils.Database, record: dict) -> dict:
    """The store row for ``record``, once every id it names is known to exist."""
    names: dict[str, dict[str, str]] = {"actors": {}, "places": {}}
    problems = []
    for field, kind in _REFERENCE_TABLES.items():
        label = "label" if field == "tags" else "name"
        for index, ref in enumerate(record[field]):
            found = db.execute(f"SELECT {label} FROM {field} WHERE id = ?", [ref]).fetchone()
            if found is None:
                problems.append((f"{field}.{index}", f"no {kind} with id {ref!r}"))
            elif field in names:
                names[field][ref] = found[0]
        if len(set(record[field])) != len(record[field]):
            problems.append((field, "lists an id twice"))
    source = db.execute("SELECT length FROM sources WHERE id = ?", [record["source"]]).fetchone()
    if source is None:
        problems.append(("source", f"no source with id {record['source']!r}"))
    else:
        problems.extend(
            (f"evidence.{index}.end", f"lies beyond the source's {source[0]} characters")
            for index, span in enumerate(record["evidence"])
            if span["end"] > source[0]
        )
    if problems:
        raise InvalidReferences(problems)
    return event_row(record, names)
