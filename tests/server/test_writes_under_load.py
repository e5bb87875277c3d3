"""Writes under the real server: concurrent writers and readers, and kill -9 in the middle.

Every write the server acknowledged (201) must be there afterwards, exactly once and whole
(its tag and actor links and its full-text row with it), and SQLite must find the file intact.
"""

import http.client
import os
import signal
import sqlite3
import threading
import time
from collections import Counter

import pytest

from tests.artifacts import record_figures
from tests.helpers import Server, assert_database_intact, call

pytestmark = pytest.mark.slow

WRITERS = 8
# What a request can raise when the server dies under it: refused or reset connections
# (OSError), a response cut off mid-body (HTTPException), or a truncated JSON body.
SERVER_GONE = (OSError, http.client.HTTPException, ValueError)
CREATES_PER_WRITER = 200
READERS = 2


def new_event(event_id: str) -> dict:
    return {
        "id": event_id,
        "title": f"Load test event {event_id}",
        "summary": "Written by a load test.",
        "date": "2024-05-17",
        "actors": ["janet-yellen"],
        "tags": ["economy", "trade"],
        "source": "asianews-2024-us-china-repatriation",
    }


class Writer(threading.Thread):
    """POSTs events until it has made ``count`` or the server goes away."""

    def __init__(self, url: str, prefix: str, count: int):
        super().__init__(daemon=True)
        self.url, self.prefix, self.count = url, prefix, count
        self.acknowledged: list[str] = []
        self.statuses: Counter = Counter()

    def run(self):
        for number in range(self.count):
            event_id = f"{self.prefix}-{number:04d}"
            try:
                status, _ = call("POST", f"{self.url}/events", new_event(event_id))
            except SERVER_GONE:
                return
            self.statuses[status] += 1
            if status == 201:
                self.acknowledged.append(event_id)


class Reader(threading.Thread):
    def __init__(self, url: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.url, self.stop = url, stop
        self.statuses: Counter = Counter()

    def run(self):
        while not self.stop.is_set():
            for path in ("/events?tag=trade&limit=100&sort=-date", "/events?q=load&limit=50"):
                try:
                    status, _ = call("GET", f"{self.url}{path}")
                except SERVER_GONE:
                    return
                self.statuses[status] += 1


def stored_ids(database, prefix: str) -> Counter:
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT id FROM events WHERE id LIKE ?", [f"{prefix}%"]).fetchall()
    return Counter(event_id for (event_id,) in rows)


def test_concurrent_writers_and_readers_lose_nothing(tmp_path):
    server = Server(tmp_path / "timeline.db", workers=4).start()
    try:
        stop = threading.Event()
        readers = [Reader(server.url, stop) for _ in range(READERS)]
        writers = [Writer(server.url, f"w{n}", CREATES_PER_WRITER) for n in range(WRITERS)]
        for thread in readers + writers:
            thread.start()
        for writer in writers:
            writer.join(timeout=240)
        stop.set()
        for reader in readers:
            reader.join(timeout=30)
        acknowledged = [event_id for w in writers for event_id in w.acknowledged]
        statuses = sum((t.statuses for t in writers + readers), Counter())
        listed = _listed_ids(server.url)
    finally:
        server.stop()
    record_figures(
        "concurrent-writes",
        {
            "writers": WRITERS,
            "creates_per_writer": CREATES_PER_WRITER,
            "readers": READERS,
            "acknowledged": len(acknowledged),
            "stored": sum(stored_ids(server.database, "w").values()),
            "listed_by_api": len(listed),
            "statuses": {str(k): v for k, v in statuses.items()},
        },
    )
    assert len(acknowledged) == WRITERS * CREATES_PER_WRITER
    assert not [status for status in statuses if status >= 500], statuses
    assert stored_ids(server.database, "w") == Counter(acknowledged)
    assert sorted(listed) == sorted(acknowledged)
    assert_database_intact(server.database)


def _listed_ids(url: str) -> list[str]:
    """Every load-test event, by following the API's pages."""
    ids, next_url = [], f"{url}/events?q=load&limit=100"
    while next_url:
        status, page = call("GET", next_url)
        assert status == 200
        ids += [event["id"] for event in page["items"]]
        next_url = page["next"]
    return ids


CRASHES = 3


def test_kill_9_in_the_middle_of_writes_loses_no_acknowledged_write(tmp_path):
    database = tmp_path / "timeline.db"
    acknowledged: list[str] = []
    for crash in range(CRASHES):
        server = Server(database, workers=4).start()
        writers = [Writer(server.url, f"w{crash}-{n}", 10_000) for n in range(WRITERS)]
        for writer in writers:
            writer.start()
        _wait_for_acknowledgements(writers, at_least=100 * (crash + 1))
        server.crash()
        for writer in writers:
            writer.join(timeout=30)
        acknowledged += [event_id for w in writers for event_id in w.acknowledged]
        assert not [s for w in writers for s in w.statuses if s >= 500]
    server = Server(database, workers=2).start()
    try:
        for event_id in acknowledged[:: max(1, len(acknowledged) // 50)]:
            assert call("GET", f"{server.url}/events/{event_id}")[0] == 200
    finally:
        server.stop()
    stored = stored_ids(database, "w")
    record_figures(
        "crash-writes",
        {
            "crashes": CRASHES,
            "acknowledged": len(acknowledged),
            "stored": len(stored),
            "acknowledged_missing": len(set(acknowledged) - set(stored)),
            "stored_but_unacknowledged": len(set(stored) - set(acknowledged)),
        },
    )
    assert set(acknowledged) <= set(stored)
    assert max(stored.values()) == 1
    assert_database_intact(database)


def _wait_for_acknowledgements(writers, at_least: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while sum(len(w.acknowledged) for w in writers) < at_least:
        assert time.monotonic() < deadline, "writers made too little progress"
        time.sleep(0.02)


def test_sigterm_under_writes_finishes_in_flight_requests_and_loses_nothing(tmp_path):
    """TERM to gunicorn's master, as ``docker stop`` sends it, in the middle of a write load.

    The master stops listening and gives its workers ``graceful_timeout`` to finish: every
    request a worker had read is answered, so the database holds exactly the acknowledged
    writes, none applied whose answer was lost.
    """
    server = Server(tmp_path / "timeline.db", workers=4).start()
    writers = [Writer(server.url, f"w{n}", 10_000) for n in range(WRITERS)]
    for writer in writers:
        writer.start()
    _wait_for_acknowledgements(writers, at_least=200)
    os.kill(server.process.pid, signal.SIGTERM)
    exit_code = server.process.wait(timeout=40)
    for writer in writers:
        writer.join(timeout=30)
    acknowledged = [event_id for w in writers for event_id in w.acknowledged]
    stored = stored_ids(server.database, "w")
    record_figures(
        "sigterm-writes",
        {
            "writers": WRITERS,
            "acknowledged": len(acknowledged),
            "stored": sum(stored.values()),
            "acknowledged_missing": len(set(acknowledged) - set(stored)),
            "stored_but_unanswered": len(set(stored) - set(acknowledged)),
            "exit_code": exit_code,
        },
    )
    assert exit_code == 0
    assert not [s for w in writers for s in w.statuses if s >= 500]
    assert stored == Counter(acknowledged)
    assert_database_intact(server.database)
