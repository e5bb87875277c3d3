"""Build small in-memory databases of made-up events, through the real loader code.

They are opened by production's ``open_database``, so ``foreign_keys`` and every other
pragma the service sets hold in the store tests too.
"""

import sqlite3
from datetime import date
from pathlib import Path

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


FROZEN_SCHEMAS = Path(__file__).parent / "frozen"
# Tables each version's triggers fill as rows arrive: never copied.
TRIGGER_FILLED = {"event_facets"}
# Columns each version's triggers compute as a row goes in: never copied.
COMPUTED_COLUMNS = {"text_key"}


def frozen_versions() -> list[int]:
    """Every schema version with frozen DDL, oldest first."""
    return sorted(int(path.stem.removeprefix("schema_v")) for path in FROZEN_SCHEMAS.glob("*.sql"))


def as_written_by_version(current: Path, old: Path, version: int) -> None:
    """Write ``old``: a file laid out by ``version``'s frozen DDL (tests/store/frozen/) holding
    ``current``'s rows, copied by the columns both layouts share. Today's layout is never
    altered in place, so a later change to the schema cannot change what an old file is."""
    with sqlite3.connect(old) as conn:
        conn.executescript((FROZEN_SCHEMAS / f"schema_v{version}.sql").read_text())
        conn.execute("ATTACH DATABASE ? AS current", [str(current)])
        for table in _row_tables(conn):
            shared = [
                c
                for c in _columns(conn, "main", table)
                if c in _columns(conn, "current", table) and c not in COMPUTED_COLUMNS
            ]
            names = ", ".join(f'"{c}"' for c in shared)
            conn.execute(
                f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM current."{table}"'
            )
        # Each version's triggers raised the revision as the rows went in: put it back.
        conn.execute("UPDATE main.meta SET revision = (SELECT revision FROM current.meta)")
    conn.close()


def _row_tables(conn: sqlite3.Connection) -> list[str]:
    """The old file's tables that hold rows, in the order its DDL created them (parents
    first); the FTS index and its shadow tables are left to the triggers."""
    fts = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'"
        )
    ]
    return [
        name
        for (name,) in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY rowid"
        )
        if name not in TRIGGER_FILLED and not any(name.startswith(f) for f in fts)
    ]


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA {schema}.table_info("{table}")')]
