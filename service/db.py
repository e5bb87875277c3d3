"""The database file: long-lived connections per worker, read-only replicas, building it.

Opening a connection costs more than a whole timeline query (SQLite parses the schema and
every statement is prepared again), so each worker process keeps one connection per thread,
opened on first use after the fork, with its prepared statements cached. The reads of one
cacheable GET run in one read transaction (service/response_cache.py).
"""

import os
import sqlite3
import threading
import uuid
from pathlib import Path

import sqlite_utils
from flask import Flask, current_app

from service.dataset import BUNDLED_DATASET, build_rows, read_dataset, validate_dataset
from service.store.load import replace_dataset
from service.store.schema import SCHEMA_VERSION, create_schema

BUSY_TIMEOUT_MS = 5000
# Distinct statements kept prepared per connection: the page query has a few shapes each
# for relation, order, cursor and filters.
CACHED_STATEMENTS = 512
# SQLite's page cache per connection, in KiB (its default is 2 MB). Cycling through many
# windows of a 2.6 GB file, 8 MB saves ~10 % of the query time for 6 MB of RSS per worker.
PAGE_CACHE_KIB = 8000


class DatabaseUnavailable(RuntimeError):
    """The configured database cannot be served (missing in read-only mode, or outdated)."""


class Connections:
    """One connection per thread of this process, for one app's database."""

    def __init__(self, path: str | Path, *, read_only: bool):
        self.path = path
        self.read_only = read_only
        self._local = threading.local()

    def get(self) -> sqlite_utils.Database:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.db = open_database(self.path, read_only=self.read_only)
            local.pid = os.getpid()
        return local.db


def init_app(app: Flask) -> None:
    path, read_only = app.config["TIMELINE_DB"], app.config["TIMELINE_READ_ONLY"]
    if read_only:
        check_read_only_database(path)
    else:
        ensure_database(path)
    app.extensions["timeline_db"] = Connections(path, read_only=read_only)


def get_db() -> sqlite_utils.Database:
    """This thread's connection to the app's database, opened on first use."""
    return current_app.extensions["timeline_db"].get()


def open_database(path: str | Path, *, read_only: bool = False) -> sqlite_utils.Database:
    """A connection in autocommit mode: transactions are explicit (``store.transactions``: the
    response cache's read snapshots, ``atomic``). ``read_only`` opens the file immutable,
    for replicas of a fixed copy."""
    options = {
        "check_same_thread": False,
        "cached_statements": CACHED_STATEMENTS,
        "isolation_level": None,
    }
    if read_only:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True, **options)
    else:
        conn = sqlite3.connect(path, **options)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # A REPLACE that deletes a row then fires its delete triggers (event_facets, revision).
        conn.execute("PRAGMA recursive_triggers = ON")
    conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    return sqlite_utils.Database(conn)


def check_read_only_database(path: str | Path) -> None:
    """Refuse to serve a replica whose database file is missing or from an older schema."""
    if not Path(path).is_file():
        raise DatabaseUnavailable(
            f"TIMELINE_READ_ONLY=1 but {path} does not exist: a read-only replica serves a "
            "copy of the primary's database and never builds one"
        )
    check_schema_version(path, read_only=True)


def check_schema_version(path: str | Path, *, read_only: bool = False) -> None:
    db = open_database(path, read_only=read_only)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()
    if version != SCHEMA_VERSION:
        raise DatabaseUnavailable(
            f"{path} has schema version {version}, this service needs {SCHEMA_VERSION}: "
            f"rebuild it (timeline export FILE --db {path}; move {path} away; "
            f"timeline load FILE --db {path})"
        )


def ensure_database(path: str | Path, dataset: Path | None = BUNDLED_DATASET) -> bool:
    """Build the database from ``dataset`` (or empty) if ``path`` does not exist; True if built.

    The file is built beside its destination and renamed into place, so workers
    starting together never see a half-built database.
    """
    path = Path(path)
    if path.exists():
        check_schema_version(path)
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.building")
    db = open_database(partial)
    try:
        create_schema(db)
        if dataset is not None:
            replace_dataset(db, *build_rows(validate_dataset(read_dataset(dataset))))
        db.enable_wal()
    finally:
        db.close()
    os.replace(partial, path)
    return True
