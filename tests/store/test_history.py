"""The change log: one revision per change, and feed and history pages that read only
their rows."""

import pytest
import sqlite_utils

from service.files.db import ensure_database, open_database
from service.store import NotFound
from service.store.event_writes import delete_event, replace_event
from service.store.events import get_event_record
from service.store.history import FEED_PAGE_SQL, ITEM_HISTORY_SQL, changes_after, item_history


def test_a_feed_page_is_one_range_of_the_revision_index_already_in_order(tmp_path):
    ensure_database(tmp_path / "t.db")
    db = open_database(tmp_path / "t.db")
    steps = [row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {FEED_PAGE_SQL}", [100, 21])]
    assert steps == ["SEARCH changes USING INDEX sqlite_autoindex_changes_1 (revision>?)"]


def test_every_change_takes_the_revision_it_brings_the_data_to(tmp_path):
    ensure_database(tmp_path / "t.db")
    db: sqlite_utils.Database = open_database(tmp_path / "t.db")
    before = changes_after(db, 0, instance=None, limit=1000)
    delete_event(db, "pelosi-visits-taiwan-2022", author="test")
    after = changes_after(db, before.revision.number, instance=None, limit=1000)
    assert [c.action for c in after.changes] == ["delete"]
    assert after.changes[0].revision == after.revision.number > before.revision.number
    numbers = [c.revision for c in changes_after(db, 0, instance=None, limit=1000).changes]
    assert numbers == sorted(set(numbers))


@pytest.mark.parametrize("analyzed", [False, True])
def test_a_history_page_is_one_range_of_the_item_index_read_backwards(tmp_path, analyzed):
    """One SEARCH on (kind, item_id, id) with id below the cursor, in the index's order (no
    temporary B-tree to sort): the page costs its own rows, however long the history."""
    ensure_database(tmp_path / "t.db")
    db = open_database(tmp_path / "t.db")
    if analyzed:
        db.execute("ANALYZE")
    params = {"kind": "event", "item_id": "two-sessions-2024", "before": 100, "limit": 11}
    steps = [row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {ITEM_HISTORY_SQL}", params)]
    assert steps == [
        "SEARCH changes USING INDEX idx_changes_kind_item_id_id (kind=? AND item_id=? AND id<?)"
    ]


def test_history_pages_go_from_the_newest_change_to_the_first_each_once(tmp_path):
    ensure_database(tmp_path / "t.db")
    db = open_database(tmp_path / "t.db")
    for title in ("One", "Two", "Three", "Four"):
        record = get_event_record(db, "two-sessions-2024")
        replace_event(db, {**record, "title": title}, author="test")
    ids, before = [], None
    while True:
        page = item_history(db, "event", "two-sessions-2024", limit=2, before=before)
        ids += [change["id"] for change in page.changes]
        if not page.has_more:
            break
        before = page.changes[-1]["id"]
    everything = item_history(db, "event", "two-sessions-2024", limit=100).changes
    assert ids == [change["id"] for change in everything] == sorted(ids, reverse=True)
    assert len(ids) == 5 and everything[-1]["action"] == "create"


def test_an_item_without_history_is_not_found_even_past_a_cursor(tmp_path):
    ensure_database(tmp_path / "t.db")
    db = open_database(tmp_path / "t.db")
    with pytest.raises(NotFound):
        item_history(db, "event", "never-existed", limit=10)
    assert item_history(db, "event", "two-sessions-2024", limit=10, before=1).changes == []
