"""The database file: one connection per app context, and building the file when it is missing."""

import os
import sqlite3
from pathlib import Path

import sqlite_utils
from flask import Flask, current_app, g

from service.dataset import BUNDLED_DATASET, build_rows, read_dataset, validate_dataset
from service.store.load import replace_dataset
from service.store.schema import create_schema

BUSY_TIMEOUT_MS = 5000


def init_app(app: Flask) -> None:
    ensure_database(app.config["TIMELINE_DB"])
    app.teardown_appcontext(close_db)


def get_db() -> sqlite_utils.Database:
    """The app context's connection, opened on first use."""
    if "db" not in g:
        g.db = open_database(current_app.config["TIMELINE_DB"])
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def open_database(path: str | Path) -> sqlite_utils.Database:
    """A connection in autocommit mode: transactions are explicit (``store.writes``, ``atomic``)."""
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return sqlite_utils.Database(conn)


def ensure_database(path: str | Path, dataset: Path | None = BUNDLED_DATASET) -> bool:
    """Build the database from ``dataset`` (or empty) if ``path`` does not exist; True if built.

    The file is built beside its destination and renamed into place, so workers
    starting together never see a half-built database.
    """
    path = Path(path)
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.building")
    partial.unlink(missing_ok=True)
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
