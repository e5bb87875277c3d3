"""The append-only record of changes: who changed what, when, the before and after, and at
which revision of the data. The change feed reads it by revision; an item's history is read
newest first, a bounded page at a time."""

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from service.store import NotFound, OtherInstance
from service.store.revision import Revision, current_revision


@dataclass(frozen=True)
class Change:
    """One entry of the change feed: ``document`` is the item after the change (None when
    the change deleted it)."""

    revision: int
    at: str
    kind: str
    item_id: str
    action: str
    document: str | None


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
    """Append one change at the next revision; ``before``/``after`` are the JSON documents
    (None when absent). Call it inside the write's transaction, so the change and the data
    it describes commit together."""
    (revision,) = db.execute(
        "UPDATE meta SET revision = revision + 1 WHERE id = 1 RETURNING revision"
    ).fetchone()
    db.execute(
        "INSERT INTO changes (revision, at, author, action, kind, item_id, before, after)"
        " VALUES (:revision, :at, :author, :action, :kind, :item_id, :before, :after)",
        {
            "revision": revision,
            "at": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "author": author,
            "action": action,
            "kind": kind,
            "item_id": item_id,
            "before": before,
            "after": after,
        },
    )


# One item's changes, newest first, from before a change id: a range of the index on
# (kind, item_id, id), read backwards and cut at the page's size.
ITEM_HISTORY_SQL = (
    "SELECT id, at, author, action, before, after FROM changes"
    " WHERE kind = :kind AND item_id = :item_id AND id < :before ORDER BY id DESC LIMIT :limit"
)
_NO_CHANGE_YET = 2**63 - 1  # above every change id SQLite gives


@dataclass(frozen=True)
class HistoryPage:
    """Up to ``limit`` of one item's changes, newest first, and whether older ones remain."""

    changes: list[dict]
    has_more: bool


def item_history(
    db: sqlite_utils.Database, kind: str, item_id: str, *, limit: int, before: int | None = None
) -> HistoryPage:
    """The item's changes older than change id ``before`` (from the newest when None),
    newest first. ``NotFound`` if the item has no history at all."""
    rows = list(
        db.query(
            ITEM_HISTORY_SQL,
            {
                "kind": kind,
                "item_id": item_id,
                "before": _NO_CHANGE_YET if before is None else before,
                "limit": limit + 1,
            },
        )
    )
    if not rows and not _has_history(db, kind, item_id):
        raise NotFound(kind, item_id)
    return HistoryPage(rows[:limit], has_more=len(rows) > limit)


def _has_history(db: sqlite_utils.Database, kind: str, item_id: str) -> bool:
    query = "SELECT 1 FROM changes WHERE kind = ? AND item_id = ? LIMIT 1"
    return db.execute(query, [kind, item_id]).fetchone() is not None


_CHANGE_COLUMNS = "revision, at, kind, item_id, action, after"
# A keyset page: the index on ``revision`` gives the rows in order from ``since`` on.
FEED_PAGE_SQL = (
    f"SELECT {_CHANGE_COLUMNS} FROM changes WHERE revision > ? ORDER BY revision LIMIT ?"
)


@dataclass(frozen=True)
class ChangesPage:
    """Up to ``limit`` changes after a revision, and the revision they were read at."""

    revision: Revision
    changes: list[Change]
    has_more: bool


def changes_after(
    db: sqlite_utils.Database, since: int, *, instance: str | None, limit: int
) -> ChangesPage:
    """The changes after revision ``since`` of ``instance``, oldest first.

    ``OtherInstance`` if ``instance`` names another database: its revisions say nothing
    about this one, and an empty page would tell the client it is up to date.
    """
    revision = current_revision(db)
    if instance is not None and instance != revision.instance:
        raise OtherInstance(instance, revision.instance, revision.number)
    rows = db.execute(FEED_PAGE_SQL, [since, limit + 1]).fetchall()
    changes = [Change(*row) for row in rows[:limit]]
    return ChangesPage(revision, changes, has_more=len(rows) > limit)


def latest_changes(db: sqlite_utils.Database, limit: int) -> list[Change]:
    """The newest ``limit`` changes, newest first."""
    rows = db.execute(
        f"SELECT {_CHANGE_COLUMNS} FROM changes ORDER BY revision DESC LIMIT ?", [limit]
    ).fetchall()
    return [Change(*row) for row in rows]
