"""service/files/db.py's Connections on a replica whose pointer moves while threads open
their first connection: the race the Litestream follower test met under CI's load."""

import os
import shutil
import threading
from pathlib import Path

from service.files import db as db_module
from service.files.db import Connections, ensure_database


def test_a_threads_first_connection_survives_the_old_snapshot_being_removed(tmp_path, monkeypatch):
    """The pointer is read, then the swap moves it and removes the old file, then the thread
    opens what it read: it reads the pointer again and opens the new snapshot."""
    old, new, pointer = tmp_path / "old.db", tmp_path / "new.db", tmp_path / "served.db"
    ensure_database(old)
    shutil.copy(old, new)
    os.symlink(old, pointer)
    real_identity = db_module._file_identity

    def swapped_after_reading(path):
        identity = real_identity(path)
        if Path(identity.path) == old:
            pointer.unlink()
            os.symlink(new, pointer)
            old.unlink()
        return identity

    monkeypatch.setattr(db_module, "_file_identity", swapped_after_reading)
    connections = Connections(pointer, read_only=True)
    assert connections.get().execute("SELECT count(*) FROM events").fetchone()[0] > 0
    assert connections._local.identity.path == str(new)


def test_fresh_threads_connect_while_snapshots_are_swapped_under_them(tmp_path):
    """Many threads, each a fresh first connection, while another thread swaps the pointer
    between snapshots and removes each old one: every thread gets a working connection."""
    pointer = tmp_path / "served.db"
    first = tmp_path / "snapshot-0.db"
    ensure_database(first)
    os.symlink(first, pointer)
    connections = Connections(pointer, read_only=True)
    stop, failures = threading.Event(), []

    def swap():
        current, number = first, 0
        while not stop.is_set():
            number += 1
            following = tmp_path / f"snapshot-{number}.db"
            shutil.copy(current, following)
            link = tmp_path / f".link-{number}"
            os.symlink(following, link)
            os.replace(link, pointer)
            current.unlink()
            current = following

    def connect():
        try:
            connections.get().execute("SELECT count(*) FROM events").fetchone()
        except Exception as error:  # the failure this test looks for
            failures.append(repr(error))

    swapper = threading.Thread(target=swap)
    swapper.start()
    try:
        for _ in range(40):
            threads = [threading.Thread(target=connect) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        stop.set()
        swapper.join()
    assert failures == []
