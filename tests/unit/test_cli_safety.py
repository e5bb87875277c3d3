"""The ``timeline`` command never destroys data, and hostile files get a one-line error."""

import functools
import json
import os
import sqlite3
import stat
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.cli import main
from service.files.dataset import BUNDLED_DATASET, read_dataset
from service.files.db import ensure_database
from service.files.paths import SQLITE_SIDECARS, RefusedPath, check_file_path
from tests.helpers import ARTICLE


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "t.db"
    assert CliRunner().invoke(main, ["init", "--db", str(path)]).exit_code == 0
    return path


def fails_cleanly(result, *phrases: str) -> None:
    """Exit code non-zero, a short message naming what was wrong, no traceback."""
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.output


def test_export_refuses_to_overwrite_the_database(database):
    before = database.read_bytes()
    for output in (database, database.parent / "." / database.name):
        result = CliRunner().invoke(main, ["export", str(output), "--db", str(database)])
        fails_cleanly(result, "is the database")
    assert database.read_bytes() == before
    assert sqlite3.connect(database).execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize("output", ["out.json", "-"])
def test_export_of_a_missing_database_says_so_and_creates_nothing(tmp_path, output):
    missing = tmp_path / "mistyped.db"
    result = CliRunner().invoke(main, ["export", output, "--db", str(missing)])
    fails_cleanly(result, f"no database at {missing}")
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_previous_file_whole(database):
    output = database.parent / "out.json"
    output.write_text("the previous export\n")
    with sqlite3.connect(database) as db:
        db.execute("UPDATE events SET figures = 'not json' WHERE id = 'two-sessions-2024'")
    result = CliRunner().invoke(main, ["export", str(output), "--db", str(database)])
    assert result.exit_code != 0
    assert output.read_text() == "the previous export\n"
    assert sorted(path.name for path in database.parent.iterdir() if "out" in path.name) == [
        "out.json"
    ]


def _with_first_event(change) -> dict:
    dataset = read_dataset(BUNDLED_DATASET)
    change(dataset["events"][0])
    return dataset


HOSTILE_FILES = {
    "deep nesting": lambda: '{"events": ' + "[" * 5000 + "]" * 5000 + "}",
    "4,301 digits": lambda: json.dumps(read_dataset(BUNDLED_DATASET)).replace(
        '"value": 288', '"value": ' + "9" * 4301
    ),
    "lone surrogate": lambda: json.dumps(read_dataset(BUNDLED_DATASET)).replace(
        "Playa Vicente", "Playa \\ud800Vicente", 1
    ),
    "figure of 2**64": lambda: json.dumps(
        _with_first_event(
            lambda event: event.update(figures=[{"value": 2**64, "unit": "people", "counted": "x"}])
        )
    ),
}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_loading_a_hostile_file_is_a_one_line_error_and_writes_nothing(tmp_path, name):
    hostile = tmp_path / "hostile.json"
    hostile.write_text(HOSTILE_FILES[name](), encoding="utf-8")
    db = tmp_path / "t.db"
    result = CliRunner().invoke(main, ["load", str(hostile), "--db", str(db)])
    fails_cleanly(result, "nothing was written")
    assert not db.exists()


def database_files(database: Path) -> dict[str, bytes]:
    """The database and each of its sidecars that exists, by name: what must not change."""
    return {
        path.name: path.read_bytes()
        for path in database.parent.iterdir()
        if path.name.startswith(database.name)
    }


@functools.cache
def _built_database() -> bytes:
    with tempfile.TemporaryDirectory() as directory:
        ensure_database(Path(directory) / "built.db")
        return (Path(directory) / "built.db").read_bytes()


def live_database(directory: Path) -> Path:
    """A database built from the bundled dataset (a copy of one built once)."""
    path = directory / "live.db"
    path.write_bytes(_built_database())
    return path


# Ways to name a file: as given, through "./", through its directory's parent, through a
# symlink to its directory, and a hard link to it (made where the file exists).
SPELLINGS = {
    "plain": lambda path: path,
    "dot": lambda path: path.parent / "." / path.name,
    "dotdot": lambda path: path.parent / ".." / path.parent.name / path.name,
    "linked directory": lambda path: _linked_directory(path.parent) / path.name,
}


def _linked_directory(directory: Path) -> Path:
    link = directory.parent / f"{directory.name}-link"
    if not link.exists():
        link.symlink_to(directory, target_is_directory=True)
    return link


def _held_open(database: Path) -> sqlite3.Connection:
    """A connection in the middle of a read, so -wal and -shm exist as while serving."""
    conn = sqlite3.connect(database)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM events").fetchone()
    return conn


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from(["", *SQLITE_SIDECARS]),
    spelling=st.sampled_from(sorted(SPELLINGS)),
    command=st.sampled_from(["snapshot", "export"]),
)
def test_no_output_is_the_database_or_its_sidecars_by_any_name(suffix, spelling, command):
    with tempfile.TemporaryDirectory() as directory:
        database = live_database(Path(directory))
        reader = _held_open(database)
        try:
            before = database_files(database)
            output = SPELLINGS[spelling](Path(f"{database}{suffix}"))
            result = CliRunner().invoke(main, [command, str(output), "--db", str(database)])
            fails_cleanly(result, "is the database")
            assert database_files(database) == before
        finally:
            reader.close()


def test_a_hard_link_to_the_database_is_refused_as_an_output(tmp_path):
    database = live_database(tmp_path)
    os.link(database, tmp_path / "another-name.db")
    before = database.read_bytes()
    for command in ("snapshot", "export"):
        result = CliRunner().invoke(
            main, [command, str(tmp_path / "another-name.db"), "--db", str(database)]
        )
        fails_cleanly(result, "is the database")
    assert database.read_bytes() == before


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _link_to(target: Path, path: Path) -> Path:
    path.symlink_to(target)
    return path


# Things that exist and are not regular files. Nothing here is ever written: /dev/null is
# named only through a symlink, which a rename would replace rather than the device.
NOT_FILES = {
    "a FIFO": lambda tmp: (_fifo(tmp / "fifo"), "a FIFO"),
    "a symlink to a FIFO": lambda tmp: (_link_to(_fifo(tmp / "f"), tmp / "out"), "a FIFO"),
    "a symlink to /dev/null": lambda tmp: (
        _link_to(Path("/dev/null"), tmp / "out"),
        "a character device",
    ),
    "a symlink to a directory": lambda tmp: (_link_to(tmp, tmp / "out"), "a directory"),
}


def _kind(path: Path) -> int:
    return stat.S_IFMT(os.stat(path).st_mode)


@pytest.mark.parametrize("command", ["snapshot", "export", "draft", "openapi"])
@pytest.mark.parametrize("thing", NOT_FILES)
def test_an_output_that_is_not_a_regular_file_is_refused_and_left_as_it_is(
    tmp_path, command, thing
):
    database = live_database(tmp_path)
    output, kind = NOT_FILES[thing](tmp_path)
    kind_before = _kind(output)
    arguments = {
        "snapshot": ["snapshot", str(output), "--db", str(database)],
        "export": ["export", str(output), "--db", str(database)],
        "draft": ["draft", str(ARTICLE), "--published", "2024-04-08", "-o", str(output)],
        "openapi": ["openapi", str(output)],
    }[command]
    result = CliRunner().invoke(main, arguments)
    fails_cleanly(result, f"is {kind}")
    assert _kind(output) == kind_before
    assert output.is_symlink() == thing.startswith("a symlink")


def test_a_device_is_refused_by_the_rule_itself():
    """Checked without writing: the rule names /dev/null for what it is."""
    with pytest.raises(RefusedPath, match="/dev/null is a character device"):
        check_file_path("/dev/null")


@pytest.mark.parametrize(
    "arguments",
    [
        ["snapshot", "{missing}/copy.db", "--db", "{db}"],
        ["export", "{missing}/out.json", "--db", "{db}"],
        ["draft", str(ARTICLE), "--published", "2024-04-08", "-o", "{missing}/draft.json"],
        ["openapi", "{missing}/openapi.yaml"],
        ["reload", "{db}", "--db", "{missing}/current.db"],
        ["init", "--db", "{missing}/new.db"],
    ],
    ids=lambda arguments: arguments[0],
)
def test_a_missing_directory_is_one_line_and_nothing_is_made(tmp_path, arguments):
    database = live_database(tmp_path)
    missing = tmp_path / "no-such-directory"
    filled = [part.format(missing=missing, db=database) for part in arguments]
    result = CliRunner().invoke(main, filled)
    fails_cleanly(result, f"there is no directory {missing}")
    assert not missing.exists()


@pytest.mark.parametrize("command", ["draft", "openapi"])
@pytest.mark.parametrize("target", ["the database", "its WAL", "another database"])
def test_text_outputs_without_a_db_option_never_replace_a_database_or_a_sidecar(
    tmp_path, monkeypatch, command, target
):
    """``draft`` and ``openapi`` know the database only from $TIMELINE_DB, and may be run
    without it: they still never replace an SQLite file or a sidecar of one."""
    database = live_database(tmp_path)
    other = tmp_path / "other.db"
    ensure_database(other)
    monkeypatch.setenv("TIMELINE_DB", str(database))
    reader = _held_open(database)
    try:
        output = {
            "the database": database,
            "its WAL": Path(f"{database}-wal"),
            "another database": other,
        }[target]
        before = output.read_bytes()
        arguments = {
            "draft": ["draft", str(ARTICLE), "--published", "2024-04-08", "-o", str(output)],
            "openapi": ["openapi", str(output)],
        }[command]
        fails_cleanly(CliRunner().invoke(main, arguments))
        assert output.read_bytes() == before
    finally:
        reader.close()


@pytest.mark.parametrize("thing", ["a FIFO", "a symlink to a directory"])
def test_a_database_path_that_is_not_a_file_is_refused(tmp_path, thing):
    path, kind = NOT_FILES[thing](tmp_path)
    kind_before = _kind(path)
    for command in ("init", "export"):
        result = CliRunner().invoke(main, [command, "--db", str(path)])
        fails_cleanly(result, f"is {kind}")
    assert _kind(path) == kind_before


def test_a_snapshot_never_replaces_another_database_in_use(tmp_path):
    """Its WAL would be applied to the new file: the copy would be corrupt, the other
    database's writes lost."""
    database = live_database(tmp_path)
    other_directory = tmp_path / "other"
    other_directory.mkdir()
    other = live_database(other_directory)
    reader = _held_open(other)
    try:
        before = database_files(other)
        result = CliRunner().invoke(main, ["snapshot", str(other), "--db", str(database)])
        fails_cleanly(result, "an SQLite database in use")
        assert database_files(other) == before
    finally:
        reader.close()
