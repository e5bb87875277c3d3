"""Writing events one at a time: create, replace, delete, each in one write transaction."""

import sqlite_utils

from service.core.kinds import LINKED_KINDS, NAMED_KINDS
from service.store import Conflict, InvalidReferences, StaleVersion
from service.store.documents import event_row
from service.store.events import get_event_document, get_event_record, version_of
from service.store.history import record_change
from service.store.transactions import write_transaction

_LINK_FIELDS = frozenset(kind.table for kind in LINKED_KINDS)


def insert_event_rows(db: sqlite_utils.Database, rows: list[dict]) -> None:
    """Insert rows made by ``documents.event_row``, with their links, in the open transaction."""
    db["events"].insert_all(
        {key: value for key, value in row.items() if key not in _LINK_FIELDS} for row in rows
    )
    for kind in LINKED_KINDS:
        db[kind.join_table].insert_all(
            {"event_id": row["id"], kind.column: linked_id, "position": position}
            for row in rows
            for position, linked_id in enumerate(row[kind.table])
        )


def delete_event_rows(db: sqlite_utils.Database, event_id: str) -> None:
    for kind in LINKED_KINDS:
        db.execute(f"DELETE FROM {kind.join_table} WHERE event_id = ?", [event_id])
    db.execute("DELETE FROM events WHERE id = ?", [event_id])


def create_event(db: sqlite_utils.Database, record: dict, *, author: str) -> str:
    """Add a new event; returns its document. ``Conflict`` if the id is taken."""
    with write_transaction(db):
        if _exists(db, record["id"]):
            raise Conflict(f"an event with id {record['id']!r} already exists")
        return _write_checked_event(db, record, author=author, action="create", before=None)


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
        return _write_checked_event(db, record, author=author, action=action, before=before)


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


def _write_checked_event(
    db: sqlite_utils.Database, record: dict, *, author: str, action: str, before: str | None
) -> str:
    """Check ``record``'s references, write it in place of any earlier version and record
    the change, in the caller's transaction; returns the new document."""
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
    names: dict[str, dict[str, str]] = {kind.table: {} for kind in NAMED_KINDS}
    problems = []
    for kind in LINKED_KINDS:
        field = kind.table
        for index, ref in enumerate(record[field]):
            found = db.execute(f"SELECT {kind.label} FROM {field} WHERE id = ?", [ref]).fetchone()
            if found is None:
                problems.append((f"{field}.{index}", f"no {kind.singular} with id {ref!r}"))
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


def rerender_event_documents(
    db: sqlite_utils.Database, event_ids: list[str] | None, *, author: str, action: str
) -> list[str]:
    """Render again the stored documents of ``event_ids`` (every event when None) from their
    rows, inside the caller's transaction; each whose document changed is recorded as
    ``action``, so the change feed carries it. Returns the ids that changed.

    The one way to re-render: a rename of an actor or place uses it for the events naming
    it, and a migration that changes the document's shape uses it for all of them."""
    if event_ids is None:
        event_ids = [event_id for (event_id,) in db.execute("SELECT id FROM events ORDER BY id")]
    changed = []
    for event_id in event_ids:
        before = get_event_document(db, event_id)
        row = checked_event_row(db, get_event_record(db, event_id))
        if row["document"] == before:
            continue
        db.execute("UPDATE events SET document = ? WHERE id = ?", [row["document"], event_id])
        record_change(
            db,
            kind="event",
            item_id=event_id,
            action=action,
            author=author,
            before=before,
            after=row["document"],
        )
        changed.append(event_id)
    return changed
