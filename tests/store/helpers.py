"""Build small in-memory databases of made-up events, through the real loader code.

They are opened by production's ``open_database``, so ``foreign_keys`` and every other
pragma the service sets hold in the store tests too.
"""

from datetime import date

import sqlite_utils

from service.core.kinds import KINDS, LINKED_KINDS, NAMED_KINDS
from service.files.db import open_database
from service.store.bulk import replace_dataset
from service.store.documents import event_row
from service.store.schema import create_schema

SOURCE = {
    "id": "made-up",
    "title": "Made-up source",
    "publisher": "Tests",
    "author": None,
    "published": "2024-04-08",
    "language": "en",
    "file": None,
    "url": None,
    "sha256": "0" * 64,
    "length": 0,
    "notes": None,
}
TAGS = [{"id": "alpha", "label": "Alpha"}, {"id": "beta", "label": "Beta"}]


def made_up_event(
    event_id: str,
    start: date,
    end: date,
    *,
    title: str = "An event",
    tags: tuple[str, ...] = (),
    qualifier: str = "",
) -> dict:
    """An event over ``[start, end]``; ``qualifier`` (``~``, ``?`` or ``%``) marks its start
    approximate or uncertain."""
    edtf = start.isoformat() + qualifier
    if start != end:
        edtf += f"/{end.isoformat()}"
    record = {
        "id": event_id,
        "title": title,
        "summary": "Something happened.",
        "date": edtf,
        "resolved_from": None,
        **{kind.table: [] for kind in LINKED_KINDS},
        "tags": list(tags),
        "figures": [],
        "source": SOURCE["id"],
        "evidence": [],
    }
    return event_row(record, {kind.table: {} for kind in NAMED_KINDS})


def database_with(events: list[dict]) -> sqlite_utils.Database:
    db = open_database(":memory:")
    create_schema(db)
    resources = {**{kind.table: [] for kind in KINDS}, "sources": [SOURCE], "tags": TAGS}
    replace_dataset(db, resources, events)
    return db
