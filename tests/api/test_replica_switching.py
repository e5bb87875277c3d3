"""A replica whose database path is a symlink follows it to each new snapshot, request by
request, and keeps serving what it has when the link names something it cannot serve."""

import sqlite3

import pytest

from service.app import create_app
from service.files.db import DatabaseUnavailable, ensure_database, open_database
from service.files.snapshots import point_replica_at, take_snapshot
from service.store.event_writes import delete_event
from service.store.schema import SCHEMA_VERSION


def revision_served(client) -> int:
    return client.get("/changes?limit=1").get_json()["revision"]


def test_a_replica_follows_its_symlink_to_each_new_snapshot(tmp_path):
    primary = tmp_path / "primary.db"
    ensure_database(primary)
    first = take_snapshot(primary, tmp_path / "first.db")
    db = open_database(primary)
    delete_event(db, "pelosi-visits-taiwan-2022", author="test")
    db.close()
    second = take_snapshot(primary, tmp_path / "second.db")
    pointer = tmp_path / "current.db"
    pointer.symlink_to(first.path)
    replica = create_app({"TIMELINE_DB": str(pointer), "TIMELINE_READ_ONLY": True}).test_client()
    assert revision_served(replica) == first.revision
    etag = replica.get("/events").headers["ETag"]

    point_replica_at(pointer, tmp_path / "second.db")
    assert revision_served(replica) == second.revision > first.revision
    assert replica.get("/events/pelosi-visits-taiwan-2022").status_code == 404
    assert replica.get("/events", headers={"If-None-Match": etag}).status_code == 200

    point_replica_at(pointer, tmp_path / "first.db")
    assert revision_served(replica) == first.revision


def test_a_link_to_a_file_it_cannot_serve_leaves_the_replica_on_its_snapshot(tmp_path, caplog):
    primary = tmp_path / "primary.db"
    ensure_database(primary)
    snapshot = take_snapshot(primary, tmp_path / "snapshot.db")
    pointer = tmp_path / "current.db"
    pointer.symlink_to(snapshot.path)
    replica = create_app({"TIMELINE_DB": str(pointer), "TIMELINE_READ_ONLY": True}).test_client()
    assert revision_served(replica) == snapshot.revision
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 1000)
    pointer.unlink()
    assert revision_served(replica) == snapshot.revision, "no file at the path: keep serving"
    pointer.symlink_to(garbage)
    assert revision_served(replica) == snapshot.revision
    assert "not switching to" in caplog.text


def test_a_foreign_database_of_the_right_version_leaves_the_replica_on_its_snapshot(
    tmp_path, caplog
):
    """Moved by hand (ln -sf), not through timeline reload: the replica checks the file's
    tables and meta row itself before it moves, and keeps answering from its snapshot."""
    primary = tmp_path / "primary.db"
    ensure_database(primary)
    snapshot = take_snapshot(primary, tmp_path / "snapshot.db")
    pointer = tmp_path / "current.db"
    pointer.symlink_to(snapshot.path)
    replica = create_app({"TIMELINE_DB": str(pointer), "TIMELINE_READ_ONLY": True}).test_client()
    assert revision_served(replica) == snapshot.revision
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.close()
    pointer.unlink()
    pointer.symlink_to(foreign)
    assert revision_served(replica) == snapshot.revision
    assert replica.get("/events").status_code == 200
    assert "not switching to" in caplog.text and "no table" in caplog.text


def test_a_replica_does_not_start_on_a_foreign_database(tmp_path):
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("CREATE TABLE meta (id INTEGER PRIMARY KEY, note TEXT)")
    conn.close()
    with pytest.raises(DatabaseUnavailable, match="is not a timeline database"):
        create_app({"TIMELINE_DB": str(foreign), "TIMELINE_READ_ONLY": True})
