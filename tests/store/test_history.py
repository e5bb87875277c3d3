"""The change log: one revision per change, and a feed page that reads only its rows."""

import sqlite_utils

from service.files.db import ensure_database, open_database
from service.store.event_writes import delete_event
from service.store.history import FEED_PAGE_SQL, changes_after


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
