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
from service.store.schema import SCHEMA_VERSION
from service.store.spans import QUALIFIED_CLASS_BASE
from tests.helpers import TOKEN, ids

# The changes table as schema version 4 created it (sqlite-utils' DDL, copied from such a file).
VERSION_4_CHANGES = """
CREATE TABLE "changes" (
   "id" INTEGER PRIMARY KEY,
   "at" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "action" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "item_id" TEXT NOT NULL,
   "before" TEXT,
   "after" TEXT
);
CREATE INDEX "idx_changes_kind_item_id_id" ON "changes" ("kind", "item_id", "id");
"""
HISTORY = "SELECT id, at, author, action, kind, item_id, before, after FROM changes ORDER BY id"


def with_history(path: Path) -> None:
    """Some writes of every kind, through the API."""
    client = create_app({"TIMELINE_DB": str(path), "TIMELINE_API_TOKEN": TOKEN}).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    client.patch("/actors/janet-yellen", json={"name": "Janet L. Yellen"}, headers=auth)
    client.delete("/events/pelosi-visits-taiwan-2022", headers=auth)
    client.post("/tags", json={"id": "new-tag", "label": "New"}, headers=auth)


def as_version_4(path: Path) -> list[tuple]:
    """Turn ``path`` into the layout of schema version 4, rows kept; returns its history."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(HISTORY).fetchall()
        conn.execute("DROP TABLE changes")
        conn.executescript(VERSION_4_CHANGES)
        conn.executemany("INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("PRAGMA user_version = 4")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # as a file at rest would be
    return rows


@pytest.fixture
def version_4(tmp_path) -> tuple[Path, list[tuple], int]:
    path = tmp_path / "old.db"
    ensure_database(path)
    with_history(path)
    history = as_version_4(path)
    with sqlite3.connect(path) as conn:
        revision = conn.execute("SELECT revision FROM meta").fetchone()[0]
    return path, history, revision


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
    path = tmp_path / "v5.db"
    ensure_database(path)
    with sqlite3.connect(path) as conn:  # as version 5 stored them: in the exact classes
        conn.execute(
            f"UPDATE events SET span_class = span_class - {QUALIFIED_CLASS_BASE}"
            f" WHERE span_class >= {QUALIFIED_CLASS_BASE}"
        )
        conn.execute("PRAGMA user_version = 5")
        revision = conn.execute("SELECT revision FROM meta").fetchone()
    assert upgrade_database(path) == 5
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT revision FROM meta").fetchone() == revision
        moved = "SELECT id FROM events WHERE span_class >= ? ORDER BY id"
        assert [i for (i,) in conn.execute(moved, [QUALIFIED_CLASS_BASE])] == [
            "chinese-border-crossings-rise-2024",
            "chinese-embassy-backs-cooperation-2024",
            "mayorkas-hopeful-on-nbc-news-2024",
            "pelosi-visits-taiwan-2022",
            "playa-vicente-bodies-found-2024",
            "yellen-first-china-visit-2023",
            "yellen-li-qiang-talks-2024",
            "yellen-second-china-visit-2024",
        ]
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
