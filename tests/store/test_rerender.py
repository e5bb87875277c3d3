"""One helper re-renders stored event documents: for a rename, and for a migration that
changes the document's shape (README, Migrations)."""

from datetime import date

from service.store.event_writes import rerender_event_documents
from service.store.events import get_event_document
from service.store.transactions import write_transaction
from tests.store.helpers import database_with, made_up_event


def test_every_stale_document_is_rendered_again_and_recorded_and_the_rest_left_alone():
    day = date(2024, 4, 8)
    db = database_with([made_up_event(name, day, day) for name in ("a", "b", "c")])
    fresh = {name: get_event_document(db, name) for name in ("a", "b", "c")}
    stale = fresh["b"].replace('"An event"', '"An old shape"')
    db.execute("UPDATE events SET document = ? WHERE id = 'b'", [stale])
    (changes_before,) = db.execute("SELECT count(*) FROM changes").fetchone()
    with write_transaction(db):
        changed = rerender_event_documents(db, None, author="migration", action="migrate")
    assert changed == ["b"]
    assert {name: get_event_document(db, name) for name in fresh} == fresh
    recorded = db.execute(
        "SELECT item_id, action, author, before, after FROM changes WHERE id > ? ORDER BY id",
        [changes_before],
    ).fetchall()
    assert recorded == [("b", "migrate", "migration", stale, fresh["b"])]


def test_only_the_named_events_are_rendered_again():
    day = date(2024, 4, 8)
    db = database_with([made_up_event(name, day, day) for name in ("a", "b")])
    for name in ("a", "b"):
        db.execute("UPDATE events SET document = '{}' WHERE id = ?", [name])
    with write_transaction(db):
        assert rerender_event_documents(db, ["a"], author="t", action="rename") == ["a"]
    assert get_event_document(db, "b") == "{}"
