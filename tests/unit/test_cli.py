"""The ``timeline`` command: load and export round-trip, and bad files change nothing."""

import json

from click.testing import CliRunner

from service.cli import main
from service.core.kinds import KINDS
from service.files.dataset import BUNDLED_DATASET, read_dataset
from tests.helpers import CONTRACT


def test_export_then_load_round_trips_exactly(tmp_path):
    runner = CliRunner()
    db = tmp_path / "t.db"
    assert runner.invoke(main, ["load", str(BUNDLED_DATASET), "--db", str(db)]).exit_code == 0
    first = tmp_path / "first.json"
    assert runner.invoke(main, ["export", str(first), "--db", str(db)]).exit_code == 0
    again = tmp_path / "again.db"
    assert runner.invoke(main, ["load", str(first), "--db", str(again)]).exit_code == 0
    second = tmp_path / "second.json"
    assert runner.invoke(main, ["export", str(second), "--db", str(again)]).exit_code == 0
    assert first.read_text() == second.read_text()
    exported = json.loads(first.read_text())
    original = read_dataset(BUNDLED_DATASET)
    for kind in (*(kind.table for kind in KINDS), "events"):
        assert sorted(exported[kind], key=lambda r: r["id"]) == sorted(
            original[kind], key=lambda r: r["id"]
        )


def test_loading_a_bad_file_reports_problems_and_writes_nothing(tmp_path):
    runner = CliRunner()
    db = tmp_path / "t.db"
    runner.invoke(main, ["load", str(BUNDLED_DATASET), "--db", str(db)])
    bad = read_dataset(BUNDLED_DATASET)
    bad["events"][0]["date"] = "someday"
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps(bad))
    result = runner.invoke(main, ["load", str(bad_file), "--db", str(db)])
    assert result.exit_code == 1
    assert "events[0].date" in result.output and "nothing was written" in result.output
    out = tmp_path / "out.json"
    runner.invoke(main, ["export", str(out), "--db", str(db)])
    assert len(json.loads(out.read_text())["events"]) == 18


def test_load_records_its_author_in_each_event_history(tmp_path):
    from service.files.db import open_database
    from service.store.history import item_history

    db_path = tmp_path / "t.db"
    result = CliRunner().invoke(
        main, ["load", str(BUNDLED_DATASET), "--db", str(db_path), "--author", "cli:editor"]
    )
    assert result.exit_code == 0, result.output
    changes = item_history(open_database(db_path), "event", "two-sessions-2024", limit=10).changes
    assert [(c["action"], c["author"]) for c in changes] == [("create", "cli:editor")]


def test_serve_refuses_a_read_only_replica_without_its_database(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_READ_ONLY", "1")
    missing = tmp_path / "missing.db"
    result = CliRunner().invoke(main, ["serve", "--db", str(missing)])
    assert result.exit_code == 1
    assert "does not exist" in result.output and not missing.exists()


def test_openapi_writes_the_committed_contract(tmp_path):
    written = tmp_path / "openapi.yaml"
    result = CliRunner().invoke(main, ["openapi", str(written)])
    assert result.exit_code == 0, result.output
    assert written.read_text() == CONTRACT.read_text()
