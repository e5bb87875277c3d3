"""Databases of schema version 4 are migrated in place: history kept, each change numbered."""

import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.app import create_app
from service.cli import main
from service.files.db import (
    DatabaseUnavailable,
    check_read_only_database,
    check_schema_version,
    ensure_database,
    upgrade_database,
)
from service.store.migrations import STEPS, can_migrate
from service.store.schema import SCHEMA_VERSION
from service.store.spans import QUALIFIED_CLASS_BASE
from tests.helpers import TOKEN, ids
from tests.store.helpers import as_written_by_version, frozen_versions

HISTORY = "SELECT id, at, author, action, kind, item_id, before, after FROM changes ORDER BY id"


def with_history(path: Path) -> None:
    """Some writes of every kind, through the API."""
    client = create_app({"TIMELINE_DB": str(path), "TIMELINE_API_TOKEN": TOKEN}).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    client.patch("/actors/janet-yellen", json={"name": "Janet L. Yellen"}, headers=auth)
    client.delete("/events/pelosi-visits-taiwan-2022", headers=auth)
    client.post("/tags", json={"id": "new-tag", "label": "New"}, headers=auth)


def old_file(tmp_path: Path, version: int) -> Path:
    """A file as schema ``version`` laid it out (its frozen DDL), holding today's bundled
    dataset and some history; at rest, its WAL checkpointed."""
    current = tmp_path / "current.db"
    ensure_database(current)
    with_history(current)
    old = tmp_path / f"v{version}.db"
    as_written_by_version(current, old, version)
    return old


@pytest.fixture
def version_4(tmp_path) -> tuple[Path, list[tuple], int]:
    path = old_file(tmp_path, 4)
    with sqlite3.connect(path) as conn:
        history = conn.execute(HISTORY).fetchall()
        revision = conn.execute("SELECT revision FROM meta").fetchone()[0]
    return path, history, revision


def test_every_frozen_version_has_a_migration_to_today_and_none_is_missing():
    """A schema change freezes the old DDL (README, Migrations): each frozen version migrates,
    and each version a step starts from has its DDL frozen."""
    assert frozen_versions() == sorted(STEPS)
    assert all(can_migrate(version) for version in frozen_versions())


@pytest.mark.parametrize("version", frozen_versions())
def test_a_file_of_each_frozen_version_migrates_to_todays_exact_layout(tmp_path, version):
    path = old_file(tmp_path, version)
    assert upgrade_database(path) == version
    fresh = tmp_path / "fresh.db"
    ensure_database(fresh)
    assert layout(path) == layout(fresh)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    client = create_app({"TIMELINE_DB": str(path)}).test_client()
    assert client.get("/events?q=Oaxaca").status_code == 200
    assert ids(client.get("/events?q=Oaxaca"))


def layout(path: Path) -> set[tuple[str, str, str]]:
    """Every table, index and trigger with its columns: what a migration must reproduce."""
    with sqlite3.connect(path) as conn:
        objects = conn.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        columns = {
            (table, column[1], column[2])
            for (kind, table, _) in objects
            if kind == "table"
            for column in conn.execute(f'PRAGMA table_info("{table}")')
        }
    return set(objects) | columns


def test_timeline_init_migrates_in_place_keeping_every_change_and_numbering_them(version_4):
    path, history, revision = version_4
    result = CliRunner().invoke(main, ["init", "--db", str(path)])
    assert result.exit_code == 0
    assert (
        "migrated" in result.output
        and f"from schema version 4 to {SCHEMA_VERSION}" in result.output
    )
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert conn.execute(HISTORY).fetchall() == history
        numbered = conn.execute("SELECT revision FROM changes ORDER BY id").fetchall()
        assert [n for (n,) in numbered] == list(range(1, len(history) + 1))
        assert conn.execute("SELECT revision FROM meta").fetchone() == (revision,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_after_migrating_new_changes_number_above_the_old_and_the_feed_serves_both(version_4):
    path, history, revision = version_4
    client = create_app({"TIMELINE_DB": str(path), "TIMELINE_API_TOKEN": TOKEN}).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    client.post("/tags", json={"id": "newer-tag", "label": "Newer"}, headers=auth)
    page = client.get("/changes?limit=1000").get_json()
    assert [item["id"] for item in page["items"][-2:]] == ["new-tag", "newer-tag"]
    assert page["items"][-2]["revision"] == len(history)
    assert revision < page["items"][-1]["revision"] == page["revision"]


def test_an_old_file_is_refused_until_migrated_and_a_replica_says_how(version_4):
    path, _, _ = version_4
    with pytest.raises(DatabaseUnavailable, match=r"timeline init --db .* migrates it in place"):
        check_schema_version(path)
    with pytest.raises(DatabaseUnavailable, match="migrate the primary"):
        check_read_only_database(path)


def test_version_5_gives_approximate_dates_the_classes_fuzzy_queries_widen(tmp_path):
    path = old_file(tmp_path, 5)
    with sqlite3.connect(path) as conn:  # as version 5 stored them: in the exact classes
        conn.execute(
            f"UPDATE events SET span_class = span_class - {QUALIFIED_CLASS_BASE}"
            f" WHERE span_class >= {QUALIFIED_CLASS_BASE}"
        )
        conn.execute("UPDATE meta SET revision = revision - 1")  # the update's trigger raised it
        revision = conn.execute("SELECT revision FROM meta").fetchone()
    assert upgrade_database(path) == 5
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT revision FROM meta").fetchone() == revision
        moved = "SELECT id FROM events WHERE span_class >= ? ORDER BY id"
        migrated = [i for (i,) in conn.execute(moved, [QUALIFIED_CLASS_BASE])]
    with sqlite3.connect(tmp_path / "current.db") as conn:  # what today writes for the same rows
        expected = [i for (i,) in conn.execute(moved, [QUALIFIED_CLASS_BASE])]
        qualified = "SELECT id FROM events WHERE approximate OR uncertain ORDER BY id"
        assert expected == [i for (i,) in conn.execute(qualified)]
    assert migrated == expected and "playa-vicente-bodies-found-2024" in migrated
    with sqlite3.connect(path) as conn:
        facets = "SELECT count(*) FROM event_facets f JOIN events e ON e.id = f.event_id"
        assert conn.execute(f"{facets} WHERE f.span_class != e.span_class").fetchone() == (0,)
    client = create_app({"TIMELINE_DB": str(path)}).test_client()
    for query in ("", "&tag=deaths", "&q=Oaxaca"):
        found = ids(client.get(f"/events?from=2024-03-24&to=2024-03-24&fuzzy=true{query}"))
        assert "playa-vicente-bodies-found-2024" in found


@pytest.mark.parametrize("version", [3, SCHEMA_VERSION + 1])
def test_a_version_with_no_migration_is_refused_with_how_to_rebuild(tmp_path, version):
    path = tmp_path / "other.db"
    ensure_database(path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {version}")
    with pytest.raises(DatabaseUnavailable, match="rebuild it"):
        upgrade_database(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (version,)


def test_workers_starting_together_migrate_once(version_4):
    path, history, _ = version_4
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(upgrade_database(path))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str) == [4, None, None, None]
    with sqlite3.connect(path) as conn:
        assert conn.execute(HISTORY).fetchall() == history
