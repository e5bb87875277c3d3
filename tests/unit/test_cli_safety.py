"""The ``timeline`` command never destroys data, and hostile files get a one-line error."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from service.cli import main
from service.files.dataset import BUNDLED_DATASET, read_dataset


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
