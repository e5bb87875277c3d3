"""``timeline export --format csv`` and ``timeline load FILE.csv``: events only, all or nothing."""

import csv
import io
import json
from contextlib import closing

from click.testing import CliRunner

from service.cli import main
from service.core.kinds import KINDS
from service.files.dataset import BUNDLED_DATASET
from service.files.db import open_database
from service.store.history import item_history


def changes_to(database, event_id: str) -> list[dict]:
    return item_history(database, "event", event_id, limit=100).changes


def run(*args: str):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def export_json(db) -> dict:
    result = run("export", "--db", db)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_csv_export_then_load_round_trips_exactly(tmp_path):
    db, again = tmp_path / "t.db", tmp_path / "again.db"
    assert run("load", BUNDLED_DATASET, "--db", db).exit_code == 0
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert run("export", "--format", "csv", first, "--db", db).exit_code == 0
    assert run("init", "--db", again).exit_code == 0
    assert run("load", first, "--db", again).exit_code == 0
    assert run("export", "--format", "csv", second, "--db", again).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert export_json(db) == export_json(again)


def test_format_follows_the_file_name_unless_given(tmp_path):
    db = tmp_path / "t.db"
    run("init", "--db", db)
    run("export", tmp_path / "events.csv", "--db", db)
    assert (tmp_path / "events.csv").read_text().startswith("id,date,start,end,")
    to_stdout = run("export", "--format", "csv", "--db", db)
    assert to_stdout.stdout.replace("\r\n", "\n") == (tmp_path / "events.csv").read_text()


def test_loading_csv_replaces_the_events_and_keeps_the_resources(tmp_path):
    db = tmp_path / "t.db"
    run("init", "--db", db)
    before = export_json(db)
    full = tmp_path / "all.csv"
    run("export", full, "--db", db)
    header, *lines = full.read_text().splitlines(keepends=True)
    two = tmp_path / "two.csv"
    two.write_text(header + lines[0] + lines[-1])
    result = run("load", two, "--db", db, "--author", "desk-editor")
    assert result.exit_code == 0, result.output
    after = export_json(db)
    kept = [before["events"][0]["id"], before["events"][-1]["id"]]
    assert [event["id"] for event in after["events"]] == kept
    for kind in KINDS:
        assert after[kind.table] == before[kind.table]
    removed = before["events"][1]["id"]
    with closing(open_database(db)) as database:
        (change,) = [c for c in changes_to(database, removed) if c["action"] == "delete"]
        assert change["author"] == "desk-editor"
        assert all(c["action"] != "delete" for c in changes_to(database, kept[0]))


def test_loading_a_bad_csv_reports_every_bad_row_and_writes_nothing(tmp_path):
    db = tmp_path / "t.db"
    run("init", "--db", db)
    good = tmp_path / "good.csv"
    run("export", good, "--db", db)
    rows = list(csv.reader(io.StringIO(good.read_text())))
    rows[1][rows[0].index("date")] = "someday"
    rows[4][rows[0].index("tags")] = "no-such-tag"
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="") as out:
        csv.writer(out).writerows(rows)
    before = export_json(db)
    result = run("load", bad, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "line 2: date: 'someday' is not a valid EDTF date",
        "line 5: tags: names unknown tag 'no-such-tag'",
    ]
    assert "2 problem(s); nothing was written" in result.stderr
    assert export_json(db) == before


def test_a_spreadsheet_byte_order_mark_is_allowed_and_binary_is_refused(tmp_path):
    db = tmp_path / "t.db"
    run("init", "--db", db)
    exported = tmp_path / "events.csv"
    run("export", exported, "--db", db)
    with_bom = tmp_path / "bom.csv"
    with_bom.write_bytes(b"\xef\xbb\xbf" + exported.read_bytes())
    assert run("load", with_bom, "--db", db).exit_code == 0
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = run("load", binary, "--db", db)
    assert result.exit_code == 1 and "not UTF-8 text" in result.stderr
