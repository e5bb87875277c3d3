"""The database file: long-lived connections per worker, read-only replicas that follow a
pointer to new snapshots, building the file and migrating an older one.

Opening a connection costs more than a whole timeline query (SQLite parses the schema and
every statement is prepared again), so each worker process keeps one connection per thread,
opened on first use after the fork, with its prepared statements cached. The reads of one
cacheable GET run in one read transaction (service/http/response_cache.py).
"""

import functools
import logging
import os
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import NamedTuple

import sqlite_utils
from flask import Flask, current_app

from service.files.dataset import BUNDLED_DATASET, build_rows, read_dataset, validate_dataset
from service.files.paths import check_file_path
from service.store.bulk import replace_dataset
from service.store.migrations import can_migrate, migrate, schema_version
from service.store.schema import SCHEMA_VERSION, create_schema
from service.store.transactions import write_transaction

BUSY_TIMEOUT_MS = 5000
# Times a replica's thread reads its pointer again when the file it named is already gone.
POINTER_ATTEMPTS = 5
# Distinct statements kept prepared per connection: the page query has a few shapes each
# for relation, order, cursor and filters.
CACHED_STATEMENTS = 512
# SQLite's page cache per connection, in KiB: its default, 2 MB. Each worker has a connection
# per Flask thread (TIMELINE_THREADS, 2) plus one on its event loop that reads the revision
# only. 8 MB per thread saved ~10 % of the query time cycling through windows of a 2.6 GB
# file, but cost a worker 25-35 MB of RSS with 4 threads (bench/RESULTS.md, issue 20).
PAGE_CACHE_KIB = 2000


log = logging.getLogger(__name__)


class DatabaseUnavailable(RuntimeError):
    """The configured database cannot be served (missing in read-only mode, or outdated)."""


class Connections:
    """One connection per thread of this process, for one app's database.

    On a read-only replica, ``path`` may be a pointer (a symlink, or a name files are renamed
    onto) that is moved to a new snapshot while the replica serves: ``follow_pointer``,
    called as each request starts, gives this thread a connection to the file the path
    names now. A request keeps the connection it started with to its end, and an old
    snapshot stays readable while any connection has it open, even once unlinked.
    """

    def __init__(self, path: str | Path, *, read_only: bool, checkpoints: bool = True):
        self.path = path
        self.read_only = read_only
        self.checkpoints = checkpoints
        self._local = threading.local()

    def get(self) -> sqlite_utils.Database:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            if self.read_only:
                local.db, local.identity = self._open_where_the_pointer_is()
            else:
                local.db, local.identity = (
                    open_database(self.path, checkpoints=self.checkpoints),
                    None,
                )
            local.pid = os.getpid()
        return local.db

    def _open_where_the_pointer_is(self) -> tuple[sqlite_utils.Database, "FileIdentity"]:
        """A read-only connection to the file the pointer names, and that file's identity.

        A replica moving to a new snapshot points the path at it and then removes the old
        file, so the file named a moment ago may be gone when it is opened (a thread's first
        request, during a swap): then the pointer is read again."""
        for attempt in range(POINTER_ATTEMPTS):
            try:
                identity = _file_identity(self.path)
                return open_database(identity.path, read_only=True), identity
            except (OSError, sqlite3.OperationalError):
                if attempt == POINTER_ATTEMPTS - 1:
                    raise
                time.sleep(0.01)

    def follow_pointer(self) -> None:
        """If ``path`` names another file than this thread's connection reads, switch to it
        (a file of another schema version is logged and refused; the current one stays)."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            return
        try:
            identity = _file_identity(self.path)
        except OSError:
            return  # the pointer is being replaced by hand (rm, then ln): keep the current file
        if identity == local.identity:
            return
        candidate = _open_servable(identity.path)
        if candidate is not None:
            local.db.close()
            local.db, local.identity = candidate, identity


def _open_servable(path: str) -> sqlite_utils.Database | None:
    """A read-only connection to ``path`` if it is a database this replica can serve (its
    version, tables, columns and meta row: ``check_read_only_database``)."""
    try:
        check_read_only_database(path)
    except DatabaseUnavailable as error:
        log.error("not switching to %s: %s", path, error)
        return None
    return open_database(path, read_only=True)


class FileIdentity(NamedTuple):
    """Which file a path names now: its device and inode, and its path through any symlinks."""

    device: int
    inode: int
    path: str


def _file_identity(path: str | Path) -> FileIdentity:
    real = os.path.realpath(path)
    status = os.stat(real)
    return FileIdentity(status.st_dev, status.st_ino, real)


class FollowSnapshots:
    """WSGI middleware for replicas: before anything else reads the database, each request
    moves its thread to the snapshot the database path names now."""

    def __init__(self, wsgi_app, connections: Connections):
        self.wsgi_app = wsgi_app
        self.connections = connections

    def __call__(self, environ, start_response):
        self.connections.follow_pointer()
        return self.wsgi_app(environ, start_response)


def follow_snapshots(app: Flask) -> None:
    """On a read-only replica, switch to a new snapshot as soon as the pointer moves.
    Install it last, so it runs before every other middleware."""
    if app.config["TIMELINE_READ_ONLY"]:
        app.wsgi_app = FollowSnapshots(app.wsgi_app, app.extensions["timeline_db"])


def init_app(app: Flask) -> None:
    path, read_only = app.config["TIMELINE_DB"], app.config["TIMELINE_READ_ONLY"]
    if read_only:
        check_read_only_database(path)
    else:
        ensure_database(path)
    # Under `timeline serve --replicate`, Litestream is the one process that checkpoints.
    checkpoints = not app.config["TIMELINE_REPLICATING"]
    app.extensions["timeline_db"] = Connections(path, read_only=read_only, checkpoints=checkpoints)


def get_db() -> sqlite_utils.Database:
    """This thread's connection to the app's database, opened on first use."""
    return current_app.extensions["timeline_db"].get()


def open_database(
    path: str | Path, *, read_only: bool = False, checkpoints: bool = True
) -> sqlite_utils.Database:
    """A connection in autocommit mode: transactions are explicit (``store.transactions``: the
    response cache's read snapshots, ``atomic``). ``read_only`` opens the file immutable,
    for replicas of a fixed copy. Without ``checkpoints`` a commit never checkpoints the WAL
    (``wal_autocheckpoint = 0``): while Litestream replicates the file, it is the one process
    that checkpoints, right after it has shipped the pages (README, "Replication and backups
    with Litestream")."""
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
        if not checkpoints:
            conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    return sqlite_utils.Database(conn)


def check_read_only_database(path: str | Path) -> None:
    """Refuse to serve a replica whose database file is missing, from an older schema, or
    not laid out as this schema creates it (another program's SQLite file)."""
    if not Path(path).is_file():
        raise DatabaseUnavailable(
            f"TIMELINE_READ_ONLY=1 but {path} does not exist or is not a file: a read-only "
            "replica serves a copy of the primary's database and never builds one"
        )
    check_schema_version(path, read_only=True)
    try:
        db = open_database(path, read_only=True)
        try:
            problem = layout_problem(db)
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        problem = f"SQLite cannot read its schema ({error})"
    if problem:
        raise DatabaseUnavailable(
            f"{path} is not a timeline database of schema version {SCHEMA_VERSION}: {problem}"
        )


def layout_problem(db: sqlite_utils.Database) -> str | None:
    """What in ``db``'s tables, columns or meta row differs from what this schema
    creates (``create_schema``), or None if nothing does."""
    found, expected = table_layout(db), _expected_layout()
    found = {
        table: columns
        for table, columns in found.items()
        if LITESTREAM_TABLES.get(table) != columns
    }
    for table in sorted(expected.keys() | found.keys()):
        if table not in found:
            return f"no table {table}"
        if table not in expected:
            return f"a table this schema does not have ({table})"
        if found[table] != expected[table]:
            columns = sorted(name for name, *_ in found[table] ^ expected[table])
            return f"table {table} differs in column(s) {', '.join(columns)}"
    if db.execute(_META_ROW_IS_SOUND).fetchall() != [(1,)]:
        return "meta must hold one row: id 1, an instance and a whole revision of 0 or more"
    return None


# The two tables Litestream adds to a database it replicates (`timeline serve --replicate`),
# exactly as it creates them: snapshots and restores of such a primary hold them too.
LITESTREAM_TABLES = {
    "_litestream_seq": frozenset({("id", "INTEGER", 0, 1), ("seq", "INTEGER", 0, 0)}),
    "_litestream_lock": frozenset({("id", "INTEGER", 0, 0)}),
}

_META_ROW_IS_SOUND = (
    "SELECT id = 1 AND typeof(instance) = 'text' AND instance != ''"
    " AND typeof(revision) = 'integer' AND revision >= 0 FROM meta"
)


def table_layout(db: sqlite_utils.Database) -> dict[str, frozenset[tuple]]:
    """Each table's columns: name, declared type, NOT NULL and place in the primary key."""
    tables = db.execute(
        "SELECT name FROM sqlite_master"
        " WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
    ).fetchall()
    return {
        table: frozenset(
            (name, kind.upper(), notnull, pk)
            for name, kind, notnull, pk in db.execute(
                'SELECT name, type, "notnull", pk FROM pragma_table_info(?)', [table]
            )
        )
        for (table,) in tables
    }


@functools.cache
def _expected_layout() -> dict[str, frozenset[tuple]]:
    db = sqlite_utils.Database(memory=True)
    create_schema(db)
    return table_layout(db)


def check_schema_version(path: str | Path, *, read_only: bool = False) -> None:
    """Refuse a file from another schema version, saying how to bring it up to date."""
    try:
        db = open_database(path, read_only=read_only)
        try:
            version = schema_version(db)
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseUnavailable(f"{path} is not a database SQLite can read: {error}") from None
    if version == SCHEMA_VERSION:
        return
    if not can_migrate(version):
        raise DatabaseUnavailable(
            f"{path} has schema version {version}, this service needs {SCHEMA_VERSION}: "
            f"rebuild it (timeline export FILE --db {path}; move {path} away; "
            f"timeline load FILE --db {path})"
        )
    how = (
        "migrate the primary (timeline init) and take a new snapshot of it"
        if read_only
        else f"timeline init --db {path} migrates it in place, keeping its history"
    )
    raise DatabaseUnavailable(
        f"{path} has schema version {version}, this service needs {SCHEMA_VERSION}: {how}"
    )


def upgrade_database(path: str | Path) -> int | None:
    """Migrate ``path`` in place to ``SCHEMA_VERSION`` in one transaction; returns the
    version it started from, or None if it was current. Workers starting together
    queue on the write lock, and the second finds the work done."""
    db = open_database(path)
    try:
        version = schema_version(db)
        if version == SCHEMA_VERSION:
            return None
        if not can_migrate(version):
            check_schema_version(path)
        with write_transaction(db):
            return migrate(db) if schema_version(db) != SCHEMA_VERSION else None
    finally:
        db.close()


def ensure_database(path: str | Path, dataset: Path | None = BUNDLED_DATASET) -> bool:
    """Build the database from ``dataset`` (or empty) if ``path`` does not exist; True if built.

    The file is built beside its destination and renamed into place, so workers
    starting together never see a half-built database. ``path`` must pass the rule for
    files the service writes (``check_file_path``: in an existing directory, and a regular
    file if it exists).
    """
    path = Path(path)
    check_file_path(path)
    if path.exists():
        upgrade_database(path)
        return False
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
