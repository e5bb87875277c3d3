"""The one rule for every path the service writes, and the directories it owns.

The service never deletes or overwrites a file it did not create. So every file it writes
whole (an export, a draft, a snapshot, the contract) and the database file itself pass
``check_file_path`` first: the parent directory must exist, and an existing path must be a
regular file (a symlink to one is fine), never a directory, a device such as /dev/null, a
FIFO or a socket. It is never the database or one of SQLite's files for it (``-wal``,
``-shm``, ``-journal``), by any name or link, nor such a file of any other database beside
it; and a text output (an export, a draft) never replaces an SQLite database.

A directory the service fills and empties (the metrics' files) is one it owns: it creates
it and leaves a marker file in it, or takes over an empty one. ``claim_directory`` refuses
a directory that holds anything else, so pointing the setting at a data directory stops the
server at start instead of deleting what is there.
"""

import os
import re
import stat
from pathlib import Path

SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"
_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
}


class RefusedPath(ValueError):
    """A path the service will not write; the message says which and why, in one line."""


def check_file_path(
    path: str | Path, *, database: str | Path | None = None, keep_databases: bool = False
) -> None:
    """Refuse ``path`` as a file to write: a missing parent directory, anything that exists
    and is not a regular file, an SQLite sidecar of an existing file; as an output beside
    ``database``, that database or its sidecars by any name, and a database in use (with a
    sidecar of its own, which would be applied to the new file); and (``keep_databases``)
    any existing SQLite database."""
    path = Path(path)
    if not path.parent.is_dir():
        raise RefusedPath(f"{path}: there is no directory {path.parent}; create it first")
    kind = _kind_of(path)
    if kind is not None:
        raise RefusedPath(f"{path} is {kind}, not a regular file; name a file instead")
    if database is not None and _is_database_file(path, Path(database)):
        raise RefusedPath(
            f"{path} is the database {database} or one of its files "
            f"({', '.join(SQLITE_SIDECARS)}); write to another file"
        )
    owner = _sidecar_owner(path)
    if owner is not None:
        raise RefusedPath(f"{path} is one of SQLite's files for {owner}; write to another file")
    in_use = [f"{path}{suffix}" for suffix in SQLITE_SIDECARS if Path(f"{path}{suffix}").exists()]
    if database is not None and in_use:
        raise RefusedPath(f"{path} is an SQLite database in use ({in_use[0]}); write elsewhere")
    if keep_databases and _is_sqlite_database(path):
        raise RefusedPath(f"{path} is an SQLite database; write to another file")


def _kind_of(path: Path) -> str | None:
    """What ``path`` (through any symlinks) is, if it exists and is not a regular file."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None  # missing, or a dangling symlink, which a rename replaces
    except OSError as error:
        return f"unreadable ({error.strerror})"
    return None if stat.S_ISREG(mode) else _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _sidecar_owner(path: Path) -> Path | None:
    """``X`` if ``path`` is ``X-wal``, ``X-shm`` or ``X-journal`` and ``X`` is a file."""
    for suffix in SQLITE_SIDECARS:
        if path.name.endswith(suffix) and path.name != suffix:
            owner = path.with_name(path.name[: -len(suffix)])
            if owner.is_file():
                return owner
    return None


def _is_sqlite_database(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:  # missing, or unreadable: nothing to tell
        return False


def _is_database_file(path: Path, database: Path) -> bool:
    names = {
        Path(os.path.abspath(f"{spelling}{suffix}"))
        for spelling in (database, database.resolve())
        for suffix in ("", *SQLITE_SIDECARS)
    }
    if Path(os.path.abspath(path)) in names or path.resolve() in names:
        return True
    return path.exists() and any(name.exists() and os.path.samefile(path, name) for name in names)


def claim_directory(path: str | Path, *, marker: str, owned: re.Pattern) -> list[Path]:
    """Make ``path`` a directory the service owns, and delete the files in it that it made
    before (names matching ``owned``); returns them. A missing directory is created and
    marked, an empty one marked; one that holds anything but ``marker`` and such files, or
    such files without the marker, is refused (``RefusedPath``) and left as it is."""
    path = Path(path)
    stale = owned_files(path, marker=marker, owned=owned)
    if not path.exists():
        path.mkdir()
    if not (path / marker).exists():
        (path / marker).write_text(
            "This directory belongs to the timeline service, which deletes the files it\n"
            "wrote here each time it starts. Put nothing else in it.\n",
            encoding="utf-8",
        )
    for file in stale:
        file.unlink(missing_ok=True)
    return stale


def owned_files(path: Path, *, marker: str, owned: re.Pattern) -> list[Path]:
    """The files ``claim_directory`` would delete in ``path``; refuses what it would refuse."""
    if not path.exists() and not path.is_symlink():
        check_file_path(path)
        return []
    if not path.is_dir():
        raise RefusedPath(f"{path} is not a directory")
    entries = sorted(path.iterdir())
    marked = _is_regular(path / marker)
    foreign = [
        entry.name
        for entry in entries
        if entry.name != marker and not (owned.fullmatch(entry.name) and _is_regular(entry))
    ]
    if foreign or (entries and not marked):
        listed = foreign or [entry.name for entry in entries]
        shown = ", ".join(listed[:3]) + (", ..." if len(listed) > 3 else "")
        raise RefusedPath(
            f"{path} holds files the service did not create ({shown}): "
            "name a new or empty directory"
        )
    return [entry for entry in entries if entry.name != marker]


def _is_regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


METRICS_DIR_MARKER = ".timeline-metrics"
# The names prometheus-client gives its multiprocess files: ``counter_1234.db``,
# ``gauge_livesum_1234.db``, ...
METRIC_FILE = re.compile(r"(counter|histogram|summary|gauge_[a-z]+)_[0-9]+\.db")


def claim_metrics_dir(path: str | Path) -> list[Path]:
    """``TIMELINE_METRICS_DIR``, owned and emptied of an earlier run's metric files."""
    return claim_directory(path, marker=METRICS_DIR_MARKER, owned=METRIC_FILE)


def check_metrics_dir(path: str | Path) -> None:
    """Refuse what ``claim_metrics_dir`` would refuse, changing nothing (``timeline serve``
    says so before it starts the server)."""
    owned_files(Path(path), marker=METRICS_DIR_MARKER, owned=METRIC_FILE)
