"""The append-only record of changes: who changed what, when, and the before and after."""

from datetime import UTC, datetime

import sqlite_utils


def record_change(
    db: sqlite_utils.Database,
    *,
    kind: str,
    item_id: str,
    action: str,
    author: str,
    before: str | None,
    after: str | None,
) -> None:
    """Append one change; ``before``/``after`` are the JSON documents (None when absent)."""
    db.execute(
        "INSERT INTO changes (at, author, action, kind, item_id, before, after)"
        " VALUES (:at, :author, :action, :kind, :item_id, :before, :after)",
        {
            "at": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "author": author,
            "action": action,
            "kind": kind,
            "item_id": item_id,
            "before": before,
            "after": after,
        },
    )


def list_changes(db: sqlite_utils.Database, kind: str, item_id: str) -> list[dict]:
    """Every change to one item, oldest first."""
    return list(
        db.query(
            "SELECT id, at, author, action, before, after FROM changes"
            " WHERE kind = :kind AND item_id = :item_id ORDER BY id",
            {"kind": kind, "item_id": item_id},
        )
    )
