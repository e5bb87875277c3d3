"""A read replica under gunicorn switches to new snapshots under a steady read load.

Snapshots are taken (``take_snapshot``, what ``timeline snapshot`` runs) from a primary that
is being written to; the replica serves a symlink that is moved to each in turn
(``point_replica_at``, what ``timeline reload`` runs; tests/unit/test_cli_snapshot.py runs
the commands themselves). No request may fail, requests during the swaps must not be slower
than the others (p99 under twice the steady p99), and every request sent after a swap must
be answered from the new snapshot (until the next swap begins).
"""

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.files.db import ensure_database
from service.files.snapshots import point_replica_at, take_snapshot
from tests.artifacts import record_figures
from tests.helpers import PrimaryWrites, Server

pytestmark = pytest.mark.slow

CLIENTS = 4
SWAPS = 3
STEADY_SECONDS = 2.5
AFTER_SWAP_SECONDS = 2.0
# Requests sent within this long after a swap count as "during the swap".
SWAP_WINDOW_SECONDS = 1.0
TAGS = ("economy", "trade", "migration", "repatriation", "diplomacy", "us-china-relations")


@dataclass(frozen=True)
class Answer:
    sent: float
    seconds: float
    status: int
    revision: int | None


def a_read() -> str:
    """One of many distinct reads, as a frontend's users make them (few repeat, so most
    are computed, not served from the response cache)."""
    roll = random.random()
    if roll < 0.2:
        return "/changes?limit=1"
    year = random.randint(2021, 2024)
    path = f"/events?from={year}-{random.randint(1, 12):02d}&limit={random.randint(1, 100)}"
    if roll < 0.6:
        path += f"&tag={random.choice(TAGS)}"
    return path


class ReadLoad(threading.Thread):
    """One keep-alive client sending reads back to back until stopped."""

    def __init__(self, port: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.stop = port, stop
        self.answers: list[Answer] = []
        self.errors: list[str] = []

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while not self.stop.is_set():
            path = a_read()
            sent = time.monotonic()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(f"{path}: {error!r}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                continue
            seconds = time.monotonic() - sent
            revision = json.loads(body)["revision"] if path.startswith("/changes") else None
            self.answers.append(Answer(sent, seconds, response.status, revision))
        connection.close()


def p99(seconds: list[float]) -> float:
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def test_a_replica_swaps_snapshots_under_load_without_failing_or_slowing_a_request(tmp_path):
    primary = tmp_path / "primary.db"
    ensure_database(primary)
    writes_stop = threading.Event()
    writes = PrimaryWrites(primary, writes_stop)
    writes.start()
    try:
        snapshots = []
        for number in range(SWAPS + 1):
            time.sleep(0.2)  # let the primary move on between snapshots
            snapshots.append(take_snapshot(primary, tmp_path / f"snapshot-{number}.db"))
            assert writes.is_alive()
    finally:
        writes_stop.set()
        writes.join()
    revisions = [snapshot.revision for snapshot in snapshots]
    assert revisions == sorted(set(revisions)), "each snapshot is a later revision"

    pointer = tmp_path / "current.db"
    pointer.symlink_to(snapshots[0].path)
    server = Server(pointer, environment={"TIMELINE_READ_ONLY": "1"}).start()
    stop = threading.Event()
    clients = [ReadLoad(server.port, stop) for _ in range(CLIENTS)]
    swap_started, swapped_at = [], []
    try:
        for client in clients:
            client.start()
        time.sleep(STEADY_SECONDS)
        for snapshot in snapshots[1:]:
            swap_started.append(time.monotonic())
            point_replica_at(pointer, Path(snapshot.path))
            swapped_at.append(time.monotonic())
            time.sleep(AFTER_SWAP_SECONDS)
    finally:
        stop.set()
        for client in clients:
            client.join()
        server.stop()

    answers = sorted((a for client in clients for a in client.answers), key=lambda a: a.sent)
    errors = [error for client in clients for error in client.errors]
    warm = answers[0].sent + 0.5
    during = [
        a for a in answers if any(t <= a.sent < t + SWAP_WINDOW_SECONDS for t in swap_started)
    ]
    in_swaps = set(during)
    steady = [a for a in answers if a.sent >= warm and a not in in_swaps]
    figures = {
        "requests": len(answers),
        "failed": len(errors) + sum(a.status != 200 for a in answers),
        "steady_p99_ms": round(p99([a.seconds for a in steady]) * 1000, 2),
        "swap_p99_ms": round(p99([a.seconds for a in during]) * 1000, 2),
        "revisions": revisions,
    }
    record_figures("snapshot_swap", figures)
    assert errors == [] and {a.status for a in answers} == {200}, figures
    for number, swapped in enumerate(swapped_at, start=1):
        until = swap_started[number] if number < len(swap_started) else float("inf")
        # Sent once this swap was done, and answered before the next began: a request sent
        # just before a swap may rightly be answered from the snapshot that swap brings.
        seen = {
            a.revision
            for a in answers
            if swapped < a.sent and a.sent + a.seconds < until and a.revision
        }
        assert seen == {revisions[number]}, f"after swap {number}: {seen}"
    assert figures["swap_p99_ms"] < 2 * figures["steady_p99_ms"], figures
