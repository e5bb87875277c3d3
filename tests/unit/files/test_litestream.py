"""Replication settings, the generated Litestream configuration, ``timeline restore``'s
refusals and the checkpoint rule, with the real Litestream binary where it takes part."""

import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from schemas.event import EventRecordSchema
from service.app import create_app
from service.cli import main
from service.config import from_environment, replica_url
from service.files.db import DatabaseUnavailable, ensure_database, get_db, open_database
from service.files.following import Follower, follow_lag
from service.files.litestream import (
    LITESTREAM,
    ReplicationFailed,
    config_path,
    config_text,
    restore,
    write_config,
)
from service.files.snapshots import check_servable, describe, take_snapshot
from service.store.event_writes import create_event
from service.store.revision import Revision
from tests.helpers import file_url


@given(st.text())
def test_a_replica_url_is_a_file_directory_or_an_s3_path_or_refused(text):
    try:
        url = replica_url(text)
    except ValueError as error:
        assert "TIMELINE_REPLICA_URL" in str(error)
        return
    assert url is None or url.startswith(("file:/", "s3://"))


@pytest.mark.parametrize(
    "url",
    [
        "file://backup/timeline",
        "file:relative",
        "file:///",
        "file:///with space",
        "file:///a%20b",
        "file:///$HOME",
        "s3://bucket",
        "s3:///x",
        "http://x/y",
    ],
)
def test_replica_urls_that_name_no_place_are_refused(url):
    with pytest.raises(ValueError, match="TIMELINE_REPLICA_URL"):
        from_environment({"TIMELINE_REPLICA_URL": url})


def test_replication_settings_have_defaults_and_refuse_nonsense():
    settings = from_environment({"TIMELINE_REPLICA_URL": " s3://bucket/timeline?region=eu "})
    assert settings["TIMELINE_REPLICA_URL"] == "s3://bucket/timeline?region=eu"
    assert (settings["TIMELINE_SYNC_SECONDS"], settings["TIMELINE_FOLLOW_SECONDS"]) == (1, 5)
    for value in ("0", "-1", "soon", "nan", "1e9"):
        with pytest.raises(ValueError, match="TIMELINE_SYNC_SECONDS"):
            from_environment({"TIMELINE_SYNC_SECONDS": value})


def invoke(args, env):
    return CliRunner().invoke(main, args, env={"TIMELINE_REPLICA_URL": "", **env})


def test_serve_refuses_replication_without_a_place_or_with_a_wrong_one(tmp_path):
    db = str(tmp_path / "t.db")
    result = invoke(["serve", "--db", db, "--replicate"], {})
    assert result.exit_code == 2 and "needs TIMELINE_REPLICA_URL" in result.output
    result = invoke(["serve", "--db", db, "--follow", "--replicate"], {})
    assert result.exit_code == 2 and "one" in result.output
    result = invoke(["serve", "--db", db, "--replicate"], {"TIMELINE_REPLICA_URL": "ftp://x/y"})
    assert result.exit_code == 1 and "TIMELINE_REPLICA_URL='ftp://x/y'" in result.output
    assert not result.exception or isinstance(result.exception, SystemExit)


def test_serve_never_overwrites_a_litestream_config_it_did_not_write(tmp_path):
    database = tmp_path / "t.db"
    theirs = config_path(database)
    theirs.write_text("dbs: []  # the operator's own\n")
    result = invoke(
        ["serve", "--db", str(database), "--replicate"],
        {"TIMELINE_REPLICA_URL": file_url(tmp_path / "replica")},
    )
    assert result.exit_code == 1 and "was not written by timeline" in result.output
    assert theirs.read_text() == "dbs: []  # the operator's own\n"


@pytest.mark.parametrize("name", ["plain", "a.b_c-d+e@f=g,h~i"])
def test_litestream_reads_the_generated_config_as_written(tmp_path, name):
    """The replica directory Litestream writes to is the one named, letter for letter."""
    database = tmp_path / "t.db"
    ensure_database(database, dataset=None)
    replica = tmp_path / name
    config = write_config(database, config_text(database, file_url(replica), 0.2))
    assert write_config(database, config_text(database, file_url(replica), 0.5)) == config
    subprocess.run(
        [str(LITESTREAM), "replicate", "-once", "-no-expand-env", "-config", str(config)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert list(replica.rglob("*.ltx"))
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".partial")] == []


def test_restore_refuses_a_database_that_is_not_the_services(tmp_path):
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE notes (body)")
    replica = file_url(tmp_path / "replica")
    subprocess.run(
        [str(LITESTREAM), "replicate", "-once", str(foreign), replica],
        check=True,
        capture_output=True,
        timeout=60,
    )
    destination = tmp_path / "restored.db"
    result = CliRunner().invoke(main, ["restore", "--to", str(destination), "--from", replica])
    assert result.exit_code == 1 and "schema version" in result.output, result.output
    assert not destination.exists()
    assert not [path for path in tmp_path.iterdir() if "restored" in path.name]


def test_restore_from_an_empty_place_says_so_and_creates_nothing(tmp_path):
    destination = tmp_path / "restored.db"
    with pytest.raises(Exception, match="no matching backup"):
        restore(file_url(tmp_path / "nothing"), destination)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("replicating", "expected"), [(False, 1000), (True, 0)])
def test_only_litestream_checkpoints_while_it_replicates(tmp_path, replicating, expected):
    app = create_app({"TIMELINE_DB": str(tmp_path / "t.db"), "TIMELINE_REPLICATING": replicating})
    with app.app_context():
        assert get_db().execute("PRAGMA wal_autocheckpoint").fetchone()[0] == expected


def test_the_timestamp_must_be_a_moment_with_its_zone(tmp_path):
    for moment in ("yesterday", "2026-12-03T08:00:00", "2026-13-03T08:00:00Z"):
        result = CliRunner().invoke(
            main,
            [
                "restore",
                "--to",
                str(tmp_path / "r.db"),
                "--from",
                "file:///x",
                "--timestamp",
                moment,
            ],
        )
        assert result.exit_code == 2 and "--timestamp" in result.output
    assert not Path(tmp_path / "r.db").exists()


def _replicate_once(database: Path, url: str) -> None:
    subprocess.run(
        [str(LITESTREAM), "replicate", "-once", str(database), url],
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_a_follower_switches_only_to_newer_data_and_keeps_serving_when_it_cannot(tmp_path):
    primary = tmp_path / "primary.db"
    ensure_database(primary)
    url = file_url(tmp_path / "replica")
    _replicate_once(primary, url)
    pointer = tmp_path / "replica.db"
    follower = Follower(url, pointer)
    follower.prepare()

    assert follower.step() is True
    first = Path(os.path.realpath(pointer))
    assert follower.step() is False
    assert Path(os.path.realpath(pointer)) == first

    db = open_database(primary)
    create_event(db, EventRecordSchema().load(_event("followed-1")), author="test")
    db.close()
    _replicate_once(primary, url)
    assert follower.step() is True
    second = Path(os.path.realpath(pointer))
    assert second != first and not first.exists()
    with sqlite3.connect(second) as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE id = 'followed-1'").fetchone() == (
            1,
        )
    served = describe(second)
    lag = follow_lag(follower.status_path, Revision(served.instance, served.revision), time.time())
    assert lag["lag_revisions"] == 0 and 0 <= lag["lag_seconds"] < 5

    (tmp_path / "replica").rename(tmp_path / "replica-gone")
    with pytest.raises(ReplicationFailed):
        follower.step()
    assert Path(os.path.realpath(pointer)) == second and second.exists()
    assert [p.name for p in follower.directory.glob("restored-*")] == [second.name]


def _event(event_id: str) -> dict:
    return {
        "id": event_id,
        "title": "Written on the primary",
        "summary": "A write the follower must pick up.",
        "date": "2024-05-17",
        "source": "asianews-2024-us-china-repatriation",
    }


def test_a_copy_of_a_replicated_primary_is_servable_and_a_look_alike_table_is_not(tmp_path):
    """Litestream adds _litestream_seq and _litestream_lock to the primary it replicates."""
    primary = tmp_path / "primary.db"
    ensure_database(primary)
    _replicate_once(primary, file_url(tmp_path / "replica"))
    copy = tmp_path / "copy.db"
    taken = take_snapshot(primary, copy)
    assert check_servable(copy).revision == taken.revision
    with sqlite3.connect(copy) as conn:
        conn.execute("DROP TABLE _litestream_lock")
        conn.execute("CREATE TABLE _litestream_lock (id TEXT)")
    with pytest.raises(DatabaseUnavailable, match="_litestream_lock"):
        check_servable(copy)


def test_restore_names_a_missing_directory_or_a_databases_sidecar_in_one_line(tmp_path):
    ensure_database(tmp_path / "live.db", dataset=None)
    for destination, reason in (
        (tmp_path / "missing" / "r.db", "there is no directory"),
        (tmp_path / "live.db-journal", "one of SQLite's files"),
    ):
        result = CliRunner().invoke(
            main, ["restore", "--to", str(destination), "--from", "file:///nowhere"]
        )
        assert result.exit_code == 1 and reason in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1
        assert not destination.exists()
    assert not (tmp_path / "missing").exists()
