"""A read replica that follows the primary through Litestream (``timeline serve --follow``).

The follower restores the newest state from ``TIMELINE_REPLICA_URL`` into a file of its own
directory (``.NAME.follow/`` beside the replica's ``TIMELINE_DB`` symlink), checks it and
points the symlink at it as ``timeline reload`` does (service/files/snapshots.py): each
worker moves to the new file as its next request starts, a request in flight finishes on
the file it began with, so no read fails or waits while the replica catches up. Then, every
``TIMELINE_FOLLOW_SECONDS``, it asks Litestream for the newest transaction in the replica
location (a listing, no download) and restores again only when there is a newer one. The
file it served before is deleted once the pointer has moved (open connections keep reading
it until their next request).

After each round it writes ``status.json`` in its directory: the newest revision found in
the replica location and when that round began. ``/healthz`` compares it with the revision
the worker serves (``follow_lag``).

The server runs as the follower's child, so stopping the follower (SIGTERM, SIGINT) stops
the server with it.
"""

import dataclasses
import json
import logging
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

from service.files.db import DatabaseUnavailable
from service.files.litestream import newest_txid, restore_file
from service.files.snapshots import point_replica_at, remove_sidecars
from service.store.revision import Revision

log = logging.getLogger(__name__)

MARK = ".timeline-follow"


@dataclasses.dataclass(frozen=True)
class FollowStatus:
    """The newest data found in the replica location, and when the round that found it began."""

    instance: str
    revision: int
    txid: str
    checked_at: float


class Follower:
    """Keeps the symlink ``pointer`` on the newest restorable state of ``replica_url``."""

    def __init__(self, replica_url: str, pointer: Path):
        self.replica_url = replica_url
        self.pointer = pointer
        self.directory = pointer.with_name(f".{pointer.name}.follow")
        self.status_path = self.directory / "status.json"
        self.txid: str | None = None
        self.served: Path | None = None
        self.newest: FollowStatus | None = None

    def prepare(self) -> None:
        """Make (or take back) the follower's directory; clear restores a stopped run left."""
        if self.pointer.exists() and not self.pointer.is_symlink():
            raise DatabaseUnavailable(
                f"{self.pointer} is a file, not a symlink: a following replica serves "
                f"TIMELINE_DB={self.pointer} as a symlink it moves (move the file away)"
            )
        if self.directory.exists() and not (self.directory / MARK).exists():
            raise DatabaseUnavailable(
                f"{self.directory} exists and is not the follower's: move it away"
            )
        self.directory.mkdir(exist_ok=True)
        (self.directory / MARK).touch()
        current = Path(os.path.realpath(self.pointer)) if self.pointer.is_symlink() else None
        for leftover in self.directory.glob("restored-*"):
            if leftover == current:
                self.served = current  # deleted once the pointer has moved on
            else:
                leftover.unlink(missing_ok=True)

    def step(self) -> bool:
        """One round: restore and switch if the replica location moved on. True if switched."""
        started = time.time()
        txid = newest_txid(self.replica_url)
        switched = txid != self.txid
        if switched:
            self._switch_to_newest()
        self.newest = dataclasses.replace(self.newest, checked_at=started)
        self._write_status()
        return switched

    def _switch_to_newest(self) -> None:
        restored = self.directory / f"restored-{uuid.uuid4().hex}.db"
        try:
            txid = restore_file(self.replica_url, restored)
            snapshot = point_replica_at(self.pointer, restored)
        except BaseException:
            restored.unlink(missing_ok=True)
            remove_sidecars(restored)
            raise
        previous, self.served, self.txid = self.served, restored, txid
        self.newest = FollowStatus(snapshot.instance, snapshot.revision, txid, 0.0)
        if previous is not None:
            previous.unlink(missing_ok=True)

    def _write_status(self) -> None:
        partial = self.directory / f".status.{uuid.uuid4().hex}.partial"
        partial.write_text(json.dumps(dataclasses.asdict(self.newest)), encoding="utf-8")
        os.replace(partial, self.status_path)


def serve_following(follower: Follower, server: list[str], interval: float) -> int:
    """Run ``server`` while ``follower`` keeps its data current; the server's exit status.

    The first round must succeed (there is nothing to serve otherwise); later failures
    are logged and the replica goes on serving what it has, its lag growing in /healthz.
    """
    follower.prepare()
    follower.step()
    process = subprocess.Popen(server)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda received, _frame: process.send_signal(received))
    while True:
        try:
            return process.wait(timeout=interval)
        except subprocess.TimeoutExpired:
            pass
        try:
            follower.step()
        except (DatabaseUnavailable, OSError, ValueError) as error:
            log.error("follow: still serving revision %s: %s", follower.newest.revision, error)


def follow_lag(status_path: str | Path, served: Revision, now: float) -> dict:
    """How far the served data is behind the replica location: in revisions (None when the
    location holds another instance), and seconds since the follower last found its newest."""
    try:
        status = FollowStatus(**json.loads(Path(status_path).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return {"revision": served.number, "lag_revisions": None, "lag_seconds": None}
    same = status.instance == served.instance
    return {
        "revision": served.number,
        "lag_revisions": max(0, status.revision - served.number) if same else None,
        "lag_seconds": round(max(0.0, now - status.checked_at), 3),
    }
