"""Loading and exporting: a whole dataset (or every event) in one transaction, and back out."""

import sqlite_utils

from service.kinds import KINDS, LINKED_KINDS
from service.store.event_writes import insert_event_rows
from service.store.events import event_records
from service.store.history import record_change
from service.store.transactions import write_transaction

RESOURCE_TABLES = tuple(kind.table for kind in KINDS)
_EVENT_TABLES = (*(kind.join_table for kind in LINKED_KINDS), "events")


def replace_dataset(
    db: sqlite_utils.Database,
    resources: dict[str, list[dict]],
    events: list[dict],
    *,
    author: str = "loader",
) -> None:
    """Replace everything with ``resources`` and ``events`` (store rows), all or nothing.

    Each event row carries its table columns plus ``actors``, ``places`` and ``tags``
    as lists of ids, kept in the given order. Every event created, changed or removed
    is recorded in the history under ``author``.
    """
    with write_transaction(db):
        before = _event_documents(db)
        for table in (*_EVENT_TABLES, *RESOURCE_TABLES):
            db.execute(f"DELETE FROM {table}")
        for table in RESOURCE_TABLES:
            db[table].insert_all(resources[table])
        insert_event_rows(db, events)
        _record_event_changes(db, before, {row["id"]: row["document"] for row in events}, author)


def replace_events(
    db: sqlite_utils.Database, events: list[dict], *, author: str = "loader"
) -> None:
    """Replace every event with ``events`` (store rows), all or nothing; resources stay.

    Every event created, changed or removed is recorded in the history under ``author``.
    """
    with write_transaction(db):
        before = _event_documents(db)
        for table in _EVENT_TABLES:
            db.execute(f"DELETE FROM {table}")
        insert_event_rows(db, events)
        _record_event_changes(db, before, {row["id"]: row["document"] for row in events}, author)


def _event_documents(db: sqlite_utils.Database) -> dict[str, str]:
    return dict(db.execute("SELECT id, document FROM events").fetchall())


def _record_event_changes(
    db: sqlite_utils.Database, before: dict[str, str], after: dict[str, str], author: str
) -> None:
    for event_id in sorted(before.keys() | after.keys()):
        old, new = before.get(event_id), after.get(event_id)
        if old == new:
            continue
        action = "create" if old is None else "delete" if new is None else "replace"
        record_change(
            db, kind="event", item_id=event_id, action=action, author=author, before=old, after=new
        )


def export_resources(db: sqlite_utils.Database) -> dict[str, list[dict]]:
    """Every source, actor, place and tag as dataset records."""
    return {
        table: list(db.query(f"SELECT * FROM {table} ORDER BY id")) for table in RESOURCE_TABLES
    }


def export_dataset(db: sqlite_utils.Database) -> dict[str, list[dict]]:
    """Every resource and event as dataset records, events in timeline order."""
    dataset = export_resources(db)
    dataset["events"] = event_records(db)
    return dataset
