"""Replication through Litestream under the real server, with the real binary and a file
replica in the test's directory.

- kill -9 of the primary's whole process group (Litestream and gunicorn) in the middle of
  writes; a restore elsewhere holds every write acknowledged more than the sync interval
  before the kill, and of the rest only whole writes, in the order they were made;
- a point-in-time restore gives the data as it was at that moment;
- a replica following the primary answers 4 readers without one failure while writes go on,
  and shows each write within a measured lag.
"""

import hashlib
import http.client
import json
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import main
from tests.artifacts import record_figures
from tests.helpers import Server, assert_database_intact, call, file_url, free_port

pytestmark = pytest.mark.slow

SYNC_SECONDS = 0.5
# Litestream notices new WAL pages at one tick of the sync interval and ships them at the
# next (service/files/litestream.py); the shipping itself (read the WAL, write and fsync a
# file) takes a little more on this shared machine.
LOSS_WINDOW_SECONDS = 2 * SYNC_SECONDS + 0.25
FOLLOW_SECONDS = 0.5
WRITERS = 3
WRITE_SECONDS = 3
SERVER_GONE = (OSError, http.client.HTTPException, ValueError)


def new_event(event_id: str) -> dict:
    return {
        "id": event_id,
        "title": f"Replicated event {event_id}",
        "summary": "Written while Litestream replicates.",
        "date": "2024-05-17",
        "actors": ["janet-yellen"],
        "tags": ["economy", "trade"],
        "source": "asianews-2024-us-china-repatriation",
    }


class TimedWriter(threading.Thread):
    """POSTs events one after another until stopped or the server is gone; notes when each
    was sent, and when each acknowledged one was answered."""

    def __init__(self, url: str, prefix: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.url, self.prefix, self.stop = url, prefix, stop
        self.sent: list[tuple[str, float]] = []
        self.acknowledged: dict[str, float] = {}
        self.failures: list[int] = []

    def run(self):
        while not self.stop.is_set():
            event_id = f"{self.prefix}-{len(self.sent):05d}"
            self.sent.append((event_id, time.time()))
            try:
                status, _ = call("POST", f"{self.url}/events", new_event(event_id), timeout=10)
            except SERVER_GONE:
                return
            if status == 201:
                self.acknowledged[event_id] = time.time()
            else:
                self.failures.append(status)


def replicating_primary(directory: Path, replica: Path) -> Server:
    return Server(
        directory / "primary.db",
        arguments=("--replicate",),
        environment={
            "TIMELINE_REPLICA_URL": file_url(replica),
            "TIMELINE_SYNC_SECONDS": str(SYNC_SECONDS),
        },
        output=directory / "primary.log",
    )


def restore(replica: Path | str, destination: Path, *extra: str, env=None):
    """``timeline restore`` (in this process: the command's code, the real Litestream)."""
    url = replica if isinstance(replica, str) else file_url(replica)
    return CliRunner().invoke(
        main, ["restore", "--to", str(destination), "--from", url, *extra], env=env
    )


def restored(replica: Path | str, destination: Path, *extra: str, env=None) -> dict:
    """What a successful ``timeline restore`` printed: one JSON line."""
    result = restore(replica, destination, *extra, env=env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


@dataclass
class Crash:
    replica: Path
    directory: Path
    writers: list[TimedWriter]
    killed_at: float


@pytest.fixture(scope="module")
def crashed_primary(tmp_path_factory) -> Crash:
    """A primary replicating to a directory, written to by 3 clients, then kill -9."""
    directory = tmp_path_factory.mktemp("litestream-crash")
    replica = directory / "replica"
    server = replicating_primary(directory, replica).start()
    stop = threading.Event()
    writers = [TimedWriter(server.url, f"w{n}", stop) for n in range(WRITERS)]
    try:
        for writer in writers:
            writer.start()
        time.sleep(WRITE_SECONDS)
        killed_at = time.time()
        server.crash()
    finally:
        stop.set()
        server.crash()
    for writer in writers:
        writer.join(timeout=30)
    assert not [status for writer in writers for status in writer.failures]
    return Crash(replica, directory, writers, killed_at)


def restored_ids(database: Path) -> set[str]:
    with sqlite3.connect(database) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM events WHERE id LIKE 'w%'")}


def assert_writes_whole_and_in_order(database: Path, writers: list[TimedWriter]) -> set[str]:
    """Each writer's events in the file are the first n it sent, each with its links and
    full-text row: a restore is the data at one moment, never part of a write."""
    ids = restored_ids(database)
    for writer in writers:
        sent = [event_id for event_id, _ in writer.sent]
        present = [event_id in ids for event_id in sent]
        assert present == sorted(present, reverse=True), f"{writer.prefix}: a gap"
    assert_database_intact(database)
    return ids


def test_kill_9_loses_at_most_the_writes_of_the_last_two_sync_intervals(crashed_primary, tmp_path):
    crash = crashed_primary
    destination = tmp_path / "restored.db"
    printed = restored(crash.replica, destination)
    ids = assert_writes_whole_and_in_order(destination, crash.writers)

    acknowledged = {i: t for w in crash.writers for i, t in w.acknowledged.items()}
    missing = {i: t for i, t in acknowledged.items() if i not in ids}
    loss_window = crash.killed_at - min(missing.values()) if missing else 0.0
    unacknowledged_kept = ids - set(acknowledged)
    record_figures(
        "litestream-crash",
        {
            "sync_interval_s": SYNC_SECONDS,
            "writers": WRITERS,
            "acknowledged": len(acknowledged),
            "restored": len(ids),
            "acknowledged_lost": len(missing),
            "loss_window_s": round(loss_window, 3),
            "unacknowledged_restored_whole": len(unacknowledged_kept),
        },
    )
    assert len(acknowledged) > 50, "too few writes to prove anything"
    assert loss_window <= LOSS_WINDOW_SECONDS, missing
    assert printed["path"] == str(destination)
    assert printed["bytes"] == destination.stat().st_size
    assert printed["sha256"] == hashlib.sha256(destination.read_bytes()).hexdigest()
    with sqlite3.connect(destination) as conn:
        instance, revision = conn.execute("SELECT instance, revision FROM meta").fetchone()
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert (printed["instance"], printed["revision"]) == (instance, revision)
    assert not list(tmp_path.glob(".*restoring*")), "a temporary file was left"


def test_point_in_time_restore_gives_the_data_as_it_was_then(crashed_primary, tmp_path):
    crash = crashed_primary
    sent = sorted(t for w in crash.writers for _, t in w.sent)
    moment = sent[len(sent) // 2]
    at = datetime.fromtimestamp(moment, UTC).isoformat().replace("+00:00", "Z")
    printed = restored(crash.replica, tmp_path / "then.db", "--timestamp", at)
    latest = restored(crash.replica, tmp_path / "latest.db")
    ids = assert_writes_whole_and_in_order(tmp_path / "then.db", crash.writers)

    acknowledged = {i: t for w in crash.writers for i, t in w.acknowledged.items()}
    sent_after = {i for w in crash.writers for i, t in w.sent if t > moment}
    settled = {i for i, t in acknowledged.items() if t < moment - SYNC_SECONDS - 1}
    record_figures(
        "litestream-point-in-time",
        {
            "moment": at,
            "restored": len(ids),
            "sent_before_moment": sum(1 for t in sent if t <= moment),
            "revision": printed["revision"],
            "latest_revision": latest["revision"],
        },
    )
    assert settled <= ids, sorted(settled - ids)[:5]
    assert not ids & sent_after, sorted(ids & sent_after)[:5]
    assert 0 < printed["revision"] < latest["revision"]


def test_restore_refuses_a_path_that_exists(crashed_primary, tmp_path):
    existing = tmp_path / "mine.db"
    existing.write_bytes(b"not the service's file")
    result = restore(crashed_primary.replica, existing)
    assert result.exit_code == 1
    assert f"{existing} exists" in result.output
    assert existing.read_bytes() == b"not the service's file"


class Reader(threading.Thread):
    def __init__(self, url: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.url, self.stop = url, stop
        self.answers = 0
        self.failures: list[object] = []

    def run(self):
        paths = ("/events?tag=trade&limit=50&sort=-date", "/events?q=replicated&limit=20")
        while not self.stop.is_set():
            for path in paths:
                try:
                    status, _ = call("GET", f"{self.url}{path}", timeout=10)
                except SERVER_GONE as error:
                    status = repr(error)
                if status == 200:
                    self.answers += 1
                else:
                    self.failures.append(status)


def test_a_following_replica_serves_every_read_while_writes_go_on(tmp_path):
    replica = tmp_path / "replica"
    primary = replicating_primary(tmp_path, replica).start()
    follower = Server(
        tmp_path / "follower.db",
        arguments=("--follow",),
        environment={
            "TIMELINE_REPLICA_URL": file_url(replica),
            "TIMELINE_FOLLOW_SECONDS": str(FOLLOW_SECONDS),
        },
        output=tmp_path / "follower.log",
    )
    stop = threading.Event()
    try:
        follower.start()
        readers = [Reader(follower.url, stop) for _ in range(4)]
        writer = TimedWriter(primary.url, "w0", stop)
        for thread in [*readers, writer]:
            thread.start()
        arrivals = Arrivals(follower.url, writer)
        arrivals.watch(seconds=3)
        stop.set()
        for thread in [*readers, writer]:
            thread.join(timeout=30)
        arrivals.watch(seconds=20, until_all=True)
        final = _replica_health(follower.url, wait_for_revisions=0)
    finally:
        stop.set()
        follower.stop()
        primary.stop()
    failures = [f for reader in readers for f in reader.failures]
    lags, health = sorted(arrivals.lags), arrivals.health
    record_figures(
        "litestream-follow",
        {
            "sync_interval_s": SYNC_SECONDS,
            "follow_interval_s": FOLLOW_SECONDS,
            "reads": sum(reader.answers for reader in readers),
            "failed_reads": len(failures),
            "writes": len(writer.acknowledged),
            "lag_p50_s": round(lags[len(lags) // 2], 3),
            "lag_max_s": round(lags[-1], 3),
            "healthz_lag_revisions_max": max(h["lag_revisions"] for h in health),
            "healthz_lag_seconds_max": max(h["lag_seconds"] for h in health),
        },
    )
    assert not failures, failures[:5]
    assert len(lags) == len(writer.acknowledged) > 10
    assert lags[-1] < SYNC_SECONDS + FOLLOW_SECONDS + 5
    assert final["lag_revisions"] == 0
    assert final["lag_seconds"] < FOLLOW_SECONDS + 5
    assert not list((tmp_path / ".follower.db.follow").glob("restored-*"))[1:], "old copies kept"


class Arrivals:
    """Seconds from each acknowledgement until the replica shows the write, in the order
    of the writes; and the replica's own /healthz lag, sampled in between."""

    def __init__(self, url: str, writer: TimedWriter):
        self.url, self.writer = url, writer
        self.lags: list[float] = []
        self.health: list[dict] = []

    def watch(self, seconds: float, *, until_all: bool = False) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            acknowledged = list(self.writer.acknowledged.items())
            if len(self.lags) < len(acknowledged):
                event_id, acknowledged_at = acknowledged[len(self.lags)]
                if call("GET", f"{self.url}/events/{event_id}")[0] == 200:
                    self.lags.append(time.time() - acknowledged_at)
                    continue
            elif until_all:
                return
            self.health.append(_replica_health(self.url))
            time.sleep(0.05)


def _replica_health(url, wait_for_revisions=None) -> dict:
    for _ in range(100):
        status, body = call("GET", f"{url}/healthz")
        assert status == 200, body
        if wait_for_revisions is None or body["replica"]["lag_revisions"] == wait_for_revisions:
            return body["replica"]
        time.sleep(0.1)
    raise AssertionError(f"the replica stayed behind: {body}")


# An S3-compatible server from the package index (moto, pure Python). Litestream's S3 client
# refuses a custom endpoint while AWS_CA_BUNDLE names a bundle; plain HTTP on loopback needs none.
S3_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_CA_BUNDLE": "",
}


@pytest.fixture
def s3_bucket(tmp_path):
    """A bucket on a moto S3 server on loopback; its replica URL for Litestream."""
    port = free_port()
    with (tmp_path / "s3.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        _create_bucket(f"{endpoint}/timeline-test")
        yield f"s3://timeline-test/primary?endpoint={endpoint}&region=us-east-1&forcePathStyle=true"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _create_bucket(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="PUT"), timeout=2):
                return
        except OSError:
            assert time.monotonic() < deadline, "the S3 server did not start"
            time.sleep(0.2)


def test_replicates_to_s3_and_restores_from_it(tmp_path, s3_bucket):
    primary = Server(
        tmp_path / "primary.db",
        arguments=("--replicate",),
        environment={
            "TIMELINE_REPLICA_URL": s3_bucket,
            "TIMELINE_SYNC_SECONDS": str(SYNC_SECONDS),
            **S3_ENVIRONMENT,
        },
        output=tmp_path / "primary.log",
    ).start()
    stop = threading.Event()
    writer = TimedWriter(primary.url, "w0", stop)
    try:
        writer.start()
        time.sleep(2)
    finally:
        stop.set()
        writer.join(timeout=30)
        primary.stop()
    printed = restored(s3_bucket, tmp_path / "restored.db", env=S3_ENVIRONMENT)
    ids = assert_writes_whole_and_in_order(tmp_path / "restored.db", [writer])
    assert len(writer.acknowledged) > 10
    assert set(writer.acknowledged) <= ids
    assert printed["revision"] > 0
