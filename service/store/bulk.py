"""Loading and exporting: a whole dataset (or every event) in one transaction, and back out."""

import sqlite_utils

from service.core.kinds import KINDS, LINKED_KINDS
from service.store.event_writes import insert_event_rows
from service.store.events import event_records
from service.store.history import record_change
from service.store.resource_writes import record_resource_change
from service.store.resources import list_counted
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
        resources_before = _resource_rows(db)
        for table in (*_EVENT_TABLES, *RESOURCE_TABLES):
            db.execute(f"DELETE FROM {table}")
        for table in RESOURCE_TABLES:
            db[table].insert_all(resources[table])
        insert_event_rows(db, events)
        _record_resource_changes(db, resources_before, _resource_rows(db), author)
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


def _resource_rows(db: sqlite_utils.Database) -> dict[str, dict[str, dict]]:
    """Every source, actor, place and tag with its event count, by table and id."""
    return {table: {row["id"]: row for row in list_counted(db, table)} for table in RESOURCE_TABLES}


def _record_resource_changes(
    db: sqlite_utils.Database,
    before: dict[str, dict[str, dict]],
    after: dict[str, dict[str, dict]],
    author: str,
) -> None:
    """Record each resource created, changed or removed; a new event count alone is no change
    (counts follow from the events, whose changes are recorded)."""
    for table in RESOURCE_TABLES:
        old_rows, new_rows = before[table], after[table]
        for item_id in sorted(old_rows.keys() | new_rows.keys()):
            old, new = old_rows.get(item_id), new_rows.get(item_id)
            if old is not None and new is not None and _uncounted(old) == _uncounted(new):
                continue
            action = "create" if old is None else "delete" if new is None else "replace"
            record_resource_change(db, table, item_id, action, author, old, new)


def _uncounted(row: dict) -> dict:
    return {key: value for key, value in row.items() if key != "event_count"}


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
