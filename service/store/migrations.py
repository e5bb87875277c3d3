"""Bringing a database written by an earlier schema version up to ``SCHEMA_VERSION``, in place.

Each step takes a file from one version to the next inside the caller's transaction, so a
migration either completes or leaves the file as it was. A version with no step from it
(too old, or newer than this code) is refused with the commands to rebuild.
"""

from collections.abc import Callable

import sqlite_utils

from service.store.schema import CHANGES_TABLE_SQL, SCHEMA_VERSION
from service.store.spans import QUALIFIED_CLASS_BASE


def _give_each_change_a_revision(db: sqlite_utils.Database) -> None:
    """4 -> 5: ``changes`` gains ``revision``, unique per change, for the change feed.

    The changes recorded so far are numbered 1, 2, 3... in the order they were recorded
    (their ids), every row kept as it was; the data's revision is raised to at least that
    count, so every later change numbers above every earlier one.
    """
    db.execute(CHANGES_TABLE_SQL.format(name="changes_v5"))
    db.execute(
        "INSERT INTO changes_v5 (id, revision, at, author, action, kind, item_id, before, after)"
        " SELECT id, row_number() OVER (ORDER BY id), at, author, action, kind, item_id,"
        " before, after FROM changes ORDER BY id"
    )
    db.execute("DROP TABLE changes")
    db.execute("ALTER TABLE changes_v5 RENAME TO changes")
    db["changes"].create_index(["kind", "item_id", "id"])
    db.execute(
        "UPDATE meta SET revision = max(revision, (SELECT count(*) FROM changes)) WHERE id = 1"
    )


def _give_qualified_dates_their_own_span_classes(db: sqlite_utils.Database) -> None:
    """5 -> 6: approximate and uncertain dates move to the qualified span classes
    (service/store/spans.py), which a fuzzy query widens; ``event_facets`` follows by
    trigger. No answer the file gave changes, so the data's revision, which the update's
    triggers raise, is put back."""
    (revision,) = db.execute("SELECT revision FROM meta WHERE id = 1").fetchone()
    db.execute(
        f"UPDATE events SET span_class = span_class + {QUALIFIED_CLASS_BASE}"
        f" WHERE (approximate OR uncertain) AND span_class < {QUALIFIED_CLASS_BASE}"
    )
    db.execute("UPDATE meta SET revision = ? WHERE id = 1", [revision])


# From each version, the step to the next one.
STEPS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    4: _give_each_change_a_revision,
    5: _give_qualified_dates_their_own_span_classes,
}


class CannotMigrate(RuntimeError):
    """The file's schema version has no path to ``SCHEMA_VERSION``."""


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def can_migrate(version: int) -> bool:
    while version in STEPS:
        version += 1
    return version == SCHEMA_VERSION


def migrate(db: sqlite_utils.Database) -> int:
    """Run every step from the file's version to ``SCHEMA_VERSION`` in the open transaction;
    returns the version it started from."""
    start = version = schema_version(db)
    if not can_migrate(version):
        raise CannotMigrate(f"schema version {version} cannot be migrated to {SCHEMA_VERSION}")
    while version != SCHEMA_VERSION:
        STEPS[version](db)
        version += 1
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return start
