"""Snapshots of a live database for read replicas, and pointing a replica at one.

``take_snapshot`` copies the database with SQLite's online backup API in one step: one read
transaction, so the copy is the data at one revision while writers go on (WAL lets them).
The copy is written beside its destination under a temporary name, flushed to disk and
renamed into place, so the destination never holds a partial file; a crash leaves at most
a ``.partial`` file beside it. The destination passes the rule for files the service writes
(service/files/paths.py): never the database, a sidecar or another database in use, never
anything but a regular file, and in a directory that exists.

``check_servable`` is everything a replica needs of a file before it serves it: a regular
file with nothing left in a WAL, of this schema version, with this schema's tables and
columns and its meta row (``check_read_only_database``, which a running replica also runs
before it moves to a new file), and passing SQLite's ``quick_check``; it describes the file.
``point_replica_at`` runs it and then atomically replaces the replica's database path (a
symlink) with a link to the file; the replica's workers switch on their next request
(service/files/db.py, ``Connections.follow_pointer``).
"""

import dataclasses
import hashlib
import os
import sqlite3
import uuid
from pathlib import Path

from service.files.db import (
    DatabaseUnavailable,
    check_read_only_database,
    check_schema_version,
    open_database,
)
from service.files.paths import SQLITE_SIDECARS, check_file_path
from service.store.revision import current_revision


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """A database file a replica can serve: its data's instance and revision, its bytes'
    sha256 and size."""

    path: str
    instance: str
    revision: int
    sha256: str
    bytes: int


def take_snapshot(source: Path, destination: Path) -> Snapshot:
    """Copy the database at ``source`` to ``destination`` consistently; describe the copy."""
    if not source.is_file():
        raise DatabaseUnavailable(f"{source} does not exist: there is nothing to snapshot")
    check_file_path(destination, database=source)
    check_schema_version(source)
    partial = destination.with_name(f".{destination.name}.{os.getpid()}.{uuid.uuid4().hex}.partial")
    try:
        _backup(source, partial)
        snapshot = describe(partial)
        flush(partial)
        os.replace(partial, destination)
        flush(destination.parent)
    finally:
        for leftover in (partial, *(Path(f"{partial}{suffix}") for suffix in SQLITE_SIDECARS)):
            leftover.unlink(missing_ok=True)
    return dataclasses.replace(snapshot, path=str(destination))


def point_replica_at(pointer: Path, snapshot: Path) -> Snapshot:
    """Check ``snapshot`` (``check_servable``), then make the symlink ``pointer`` name it,
    atomically."""
    if pointer.exists() and not pointer.is_symlink():
        raise DatabaseUnavailable(
            f"{pointer} is a file, not a symlink: a replica that switches snapshots serves "
            f"TIMELINE_DB={pointer} as a symlink (move the file away; ln -s FILE {pointer})"
        )
    if not pointer.parent.is_dir():
        raise DatabaseUnavailable(f"{pointer}: there is no directory {pointer.parent}")
    target = snapshot.resolve()
    served = check_servable(target)
    link = pointer.with_name(f".{pointer.name}.{os.getpid()}.{uuid.uuid4().hex}.link")
    os.symlink(target, link)
    try:
        os.replace(link, pointer)
    except BaseException:
        link.unlink(missing_ok=True)
        raise
    flush(pointer.parent)
    return served


def check_servable(path: str | Path) -> Snapshot:
    """Refuse (``DatabaseUnavailable``, saying why) a file a read replica could not serve;
    describe one it can. Reads the whole file twice (SQLite's quick_check, the sha256)."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseUnavailable(f"{path} is not a regular file: a replica serves a database file")
    wal = Path(f"{path.resolve()}-wal")
    if wal.exists() and wal.stat().st_size:
        raise DatabaseUnavailable(
            f"{path} has writes in {wal.name} that a replica (which reads the file "
            "immutable) would not see: take snapshots with timeline snapshot"
        )
    check_read_only_database(path)
    db = open_database(path, read_only=True)
    try:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        verdict = str(error)
    finally:
        db.close()
    if verdict != "ok":
        raise DatabaseUnavailable(f"{path} fails SQLite's quick_check: {verdict}")
    return describe(path)


def describe(path: Path) -> Snapshot:
    """A database file's revision and the sha256 of its bytes."""
    db = open_database(path, read_only=True)
    try:
        revision = current_revision(db)
    finally:
        db.close()
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return Snapshot(
        str(path), revision.instance, revision.number, digest.hexdigest(), path.stat().st_size
    )


def remove_sidecars(path: Path, suffixes: tuple[str, ...] = SQLITE_SIDECARS) -> None:
    """Delete the files SQLite (or Litestream: ``-txid``) kept beside ``path``, our own file."""
    for suffix in suffixes:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _backup(source: Path, destination: Path) -> None:
    """All pages in one step, so in one read transaction: a copy at one revision."""
    reader = open_database(source)
    writer = sqlite3.connect(destination)
    try:
        reader.conn.backup(writer)
        # The copy would keep its source's WAL mode; replicas read it immutable, which
        # ignores any WAL, so it must hold everything in the main file, now and after.
        writer.execute("PRAGMA journal_mode = DELETE")
    finally:
        writer.close()
        reader.close()


def flush(path: Path) -> None:
    """fsync a file, or a directory (so a rename in it survives a power cut)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
