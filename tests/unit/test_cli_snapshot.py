"""``timeline snapshot`` and ``timeline reload``: whole copies of a live database, never a
partial file, and a replica's pointer moved only to a database it can serve."""

import functools
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.cli import main
from service.files.db import DatabaseUnavailable, ensure_database
from service.files.snapshots import check_servable, take_snapshot
from service.store.schema import SCHEMA_VERSION, create_schema
from tests.helpers import PrimaryWrites

TIMELINE = Path(sys.executable).with_name("timeline")


def snapshot(source: Path, out: Path) -> dict:
    result = CliRunner().invoke(main, ["snapshot", str(out), "--db", str(source)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_snapshots_taken_while_writes_go_on_are_each_one_whole_revision(tmp_path):
    primary = tmp_path / "primary.db"
    ensure_database(primary)
    stop = threading.Event()
    writes = PrimaryWrites(primary, stop)
    writes.start()
    try:
        taken = []
        while len(taken) < 3:
            time.sleep(0.1)
            taken.append(snapshot(primary, tmp_path / f"copy-{len(taken)}.db"))
            assert writes.is_alive()
    finally:
        stop.set()
        writes.join()
    for printed in taken:
        copy = Path(printed["path"])
        assert printed["sha256"] == sha256_of(copy) and printed["bytes"] == copy.stat().st_size
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            revision, last_change = conn.execute(
                "SELECT revision, (SELECT max(revision) FROM changes) FROM meta"
            ).fetchone()
            written = conn.execute(
                "SELECT count(*) FROM events WHERE id LIKE 'primary-write-%'"
            ).fetchone()[0]
            recorded = conn.execute(
                "SELECT count(*) FROM changes WHERE item_id LIKE 'primary-write-%'"
            ).fetchone()[0]
        assert printed["revision"] == revision == last_change
        assert written == recorded, "every event in the copy has its change, and no more"
    assert taken[0]["revision"] < taken[1]["revision"] < taken[2]["revision"]
    assert sorted(p.name for p in tmp_path.iterdir() if ".partial" in p.name) == []


def test_a_snapshot_killed_midway_leaves_the_previous_copy_untouched(tmp_path):
    primary = tmp_path / "primary.db"
    ensure_database(primary)
    with sqlite3.connect(primary) as conn:  # 48 MB, so the copy takes a while
        conn.execute("CREATE TABLE padding (bytes BLOB)")
        conn.executemany("INSERT INTO padding VALUES (randomblob(?))", [(1 << 20,)] * 48)
    out = tmp_path / "out.db"
    previous = snapshot(primary, out)
    process = subprocess.Popen(
        [str(TIMELINE), "snapshot", str(out), "--db", str(primary)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not any(".partial" in p.name for p in tmp_path.iterdir()):
        assert process.poll() is None and time.monotonic() < deadline, "no partial file seen"
        time.sleep(0.001)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert sha256_of(out) == previous["sha256"]


def test_reload_points_a_replica_at_a_snapshot_and_prints_its_revision(tmp_path):
    primary = tmp_path / "primary.db"
    ensure_database(primary)
    taken = snapshot(primary, tmp_path / "copy.db")
    pointer = tmp_path / "current.db"
    pointer.symlink_to(primary)
    result = CliRunner().invoke(main, ["reload", taken["path"], "--db", str(pointer)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["revision"] == taken["revision"]
    assert pointer.resolve() == Path(taken["path"]).resolve()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_reload_refuses_what_a_replica_could_not_serve_and_leaves_the_pointer(tmp_path):
    primary = tmp_path / "primary.db"
    ensure_database(primary)
    pointer = tmp_path / "current.db"
    pointer.symlink_to(primary)
    older = tmp_path / "older.db"
    snapshot(primary, older)
    with sqlite3.connect(older) as conn:
        conn.execute("PRAGMA user_version = 4")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 100)
    for bad, reason in ((older, "schema version 4"), (garbage, "not a database")):
        result = CliRunner().invoke(main, ["reload", str(bad), "--db", str(pointer)])
        assert result.exit_code == 1 and reason in result.output, result.output
        assert pointer.resolve() == primary.resolve()
    result = CliRunner().invoke(main, ["reload", str(older), "--db", str(primary)])
    assert result.exit_code == 1 and "not a symlink" in result.output


def foreign_database(path: Path) -> Path:
    """Another program's SQLite file that happens to carry this schema's version number."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.close()
    return path


@pytest.fixture
def replica(tmp_path) -> tuple[Path, Path]:
    """A primary's snapshot and a replica's pointer to it."""
    primary = tmp_path / "primary.db"
    ensure_database(primary)
    served = tmp_path / "served.db"
    snapshot(primary, served)
    pointer = tmp_path / "current.db"
    pointer.symlink_to(served)
    return served, pointer


def test_reload_refuses_a_foreign_database_of_the_right_version(tmp_path, replica):
    served, pointer = replica
    foreign = foreign_database(tmp_path / "foreign.db")
    result = CliRunner().invoke(main, ["reload", str(foreign), "--db", str(pointer)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "is not a timeline database" in result.output and "no table" in result.output
    assert pointer.resolve() == served.resolve()


def _schema_tables() -> list[str]:
    """The tables this schema creates, but the full-text index's own."""
    db = sqlite_utils.Database(memory=True)
    create_schema(db)
    return sorted(name for name in db.table_names() if not name.startswith("events_fts"))


def _mutations() -> list[tuple[str, str]]:
    """(table, statement) pairs, each of which makes one table differ from the schema."""
    plain = _schema_tables()
    found = []
    for table in plain:
        found.append((table, f'ALTER TABLE "{table}" ADD COLUMN stranger TEXT'))
        found.append((table, f'DROP TABLE "{table}"'))
    found.append(("actors", "ALTER TABLE actors DROP COLUMN role"))
    found.append(("events", "ALTER TABLE events RENAME COLUMN summary TO abstract"))
    found.append(("strangers", "CREATE TABLE strangers (id)"))
    return found


MUTATIONS = _mutations()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation=st.sampled_from(MUTATIONS))
def test_check_servable_refuses_any_table_that_differs_from_the_schema(mutation):
    table, statement = mutation
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / "copy.db"
        copy.write_bytes(_a_snapshot())
        with sqlite3.connect(copy) as conn:
            conn.execute(statement)
        conn.close()
        with pytest.raises(DatabaseUnavailable, match=f"not a timeline database.*{table}"):
            check_servable(copy)


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM meta",
        "UPDATE meta SET revision = 'many'",
        "UPDATE meta SET instance = ''",
        "UPDATE meta SET revision = -1",
    ],
)
def test_check_servable_refuses_a_file_without_a_sound_meta_row(tmp_path, statement):
    copy = tmp_path / "copy.db"
    copy.write_bytes(_a_snapshot())
    with sqlite3.connect(copy) as conn:
        conn.execute(statement)
    conn.close()
    with pytest.raises(DatabaseUnavailable, match="meta must hold one row"):
        check_servable(copy)


def test_check_servable_describes_a_file_a_replica_can_serve(tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_bytes(_a_snapshot())
    report = check_servable(copy)
    with sqlite3.connect(copy) as conn:
        instance, revision = conn.execute("SELECT instance, revision FROM meta").fetchone()
    conn.close()
    assert (report.instance, report.revision) == (instance, revision)
    assert report.sha256 == sha256_of(copy) and report.bytes == copy.stat().st_size


@functools.cache
def _a_snapshot() -> bytes:
    with tempfile.TemporaryDirectory() as directory:
        primary, copy = Path(directory) / "primary.db", Path(directory) / "copy.db"
        ensure_database(primary)
        take_snapshot(primary, copy)
        return copy.read_bytes()


def test_reload_refuses_a_fifo_without_opening_it(tmp_path, replica):
    """Opening a FIFO would block until something writes to it."""
    served, pointer = replica
    os.mkfifo(tmp_path / "fifo.db")
    result = CliRunner().invoke(main, ["reload", str(tmp_path / "fifo.db"), "--db", str(pointer)])
    assert result.exit_code == 1 and "is not a regular file" in result.output, result.output
    assert pointer.resolve() == served.resolve()
