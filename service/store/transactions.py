"""The store's two kinds of transaction: a read snapshot, and a write holding the lock.

Connections are in autocommit mode (service/files/db.py), so every transaction is opened here.
A write takes SQLite's write lock up front (``BEGIN IMMEDIATE``), so a read-then-write never
fails halfway on a snapshot another writer has moved past; the connection's busy timeout
makes concurrent writers queue instead of failing.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from service.store import Busy


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


def begin_snapshot(db: sqlite_utils.Database) -> bool:
    """Start a read transaction unless one is open; True if this call started it.

    Every read until ``end_snapshot`` sees the same data, whatever other connections write.
    """
    if db.conn.in_transaction:
        return False
    db.execute("BEGIN")
    return True


def end_snapshot(db: sqlite_utils.Database) -> None:
    """End the read transaction ``begin_snapshot`` started, if it is still open."""
    if db.conn.in_transaction:
        db.execute("COMMIT")


@contextmanager
def read_snapshot(db: sqlite_utils.Database) -> Iterator[None]:
    """Reads that all see one state of the data (nested inside an open one, it joins it)."""
    began = begin_snapshot(db)
    try:
        yield
    finally:
        if began:
            end_snapshot(db)
