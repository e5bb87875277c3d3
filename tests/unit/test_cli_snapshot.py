"""``timeline snapshot`` and ``timeline reload``: whole copies of a live database, never a
partial file, and a replica's pointer moved only to a database it can serve."""

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from service.cli import main
from service.files.db import ensure_database
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
