"""Tables, indexes, full-text search and the triggers that keep derived structures current."""

import uuid

import sqlite_utils

from service.core.kinds import KINDS, LINKED_KINDS, Kind

JOIN_TABLES = tuple(kind.join_table for kind in LINKED_KINDS)
DATA_TABLES = (*(kind.table for kind in KINDS), "events", *JOIN_TABLES)
# Bumped whenever the layout changes in a way older code or older files cannot read;
# service/store/migrations.py brings older files up to it in place.
SCHEMA_VERSION = 6


def create_schema(db: sqlite_utils.Database) -> None:
    """Create every table, index, the FTS5 index, and the triggers that keep them current."""
    for kind in KINDS:
        create_kind_table(db, kind)
    db["events"].create(
        {
            "id": str,
            "title": str,
            "summary": str,
            "date": str,
            "start": str,
            "end": str,
            "start_day": int,
            "end_day": int,
            "span_class": int,
            "precision": str,
            "approximate": int,
            "uncertain": int,
            "resolved_from": str,
            "figures": str,
            "evidence": str,
            "source": str,
            "document": str,
            "text_key": int,
        },
        pk="id",
        not_null={
            "title",
            "summary",
            "date",
            "start",
            "end",
            "start_day",
            "end_day",
            "span_class",
            "precision",
            "source",
            "document",
        },
        foreign_keys=[("source", "sources", "id")],
    )
    db["events"].create_index(["start", "end", "id"])
    db["events"].create_index(["span_class", "start_day", "end_day", "id"])
    for kind in LINKED_KINDS:
        create_join_table(db, kind)
    _create_text_index(db)
    _create_event_facets(db)
    _create_revision(db)
    _create_changes(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def create_kind_table(db: sqlite_utils.Database, kind: Kind) -> None:
    """The table of ``kind``'s records: a column per field, NOT NULL where it is required."""
    db[kind.table].create(kind.columns, pk="id", not_null=kind.required_columns)


def create_join_table(db: sqlite_utils.Database, kind: Kind) -> None:
    """The table listing, in order, the items of a linked ``kind`` each event names."""
    db[kind.join_table].create(
        {"event_id": str, kind.column: str, "position": int},
        pk=("event_id", kind.column),
        foreign_keys=[("event_id", "events", "id"), (kind.column, kind.table, "id")],
    )
    db[kind.join_table].create_index([kind.column, "event_id"])


# An event's text key: start day, length in days, and a number telling apart the events
# that share both, packed into one integer that sorts in timeline order (see _text_page_sql
# in service/store/events.py).
TEXT_KEY_START_SHIFT = 41
TEXT_KEY_LENGTH_SHIFT = 19
TEXT_KEY_LENGTH_MASK = (1 << 22) - 1
TEXT_KEY_TIES = 1 << TEXT_KEY_LENGTH_SHIFT


def _create_text_index(db: sqlite_utils.Database) -> None:
    """``events_fts``: FTS5 over titles and summaries, its rowid each event's ``text_key``.

    FTS5 returns matches in rowid order and seeks to a rowid range, so with rowids that sort
    like the timeline a search reads only the matches in the window's range, in order, and
    can tell each one's days from its rowid without reading the event. Triggers give every
    event a key when it is written and keep the index current, whoever writes.
    """
    prefix = (
        f"((NEW.start_day << {TEXT_KEY_START_SHIFT})"
        f" | ((NEW.end_day - NEW.start_day) << {TEXT_KEY_LENGTH_SHIFT}))"
    )
    taken = (
        f"(SELECT max(text_key) FROM events WHERE text_key >= {prefix}"
        f" AND text_key < {prefix} + {TEXT_KEY_TIES})"
    )
    assign_key = (
        f"SELECT RAISE(ABORT, 'too many events share one start and end day')"
        f" WHERE {taken} = {prefix} + {TEXT_KEY_TIES - 1};"
        f" UPDATE events SET text_key = coalesce({taken}, {prefix} - 1) + 1"
        " WHERE rowid = NEW.rowid;"
        " INSERT INTO events_fts (rowid, title, summary)"
        " SELECT text_key, title, summary FROM events WHERE rowid = NEW.rowid;"
    )
    remove_old = (
        "INSERT INTO events_fts (events_fts, rowid, title, summary)"
        " VALUES ('delete', OLD.text_key, OLD.title, OLD.summary);"
    )
    db.executescript(
        f"""
        CREATE UNIQUE INDEX events_text_key ON events (text_key);
        CREATE VIRTUAL TABLE events_fts USING fts5 (
            title, summary, content='events', content_rowid='text_key'
        );
        CREATE TRIGGER events_text_insert AFTER INSERT ON events BEGIN {assign_key} END;
        CREATE TRIGGER events_text_update AFTER UPDATE OF title, summary, start_day, end_day
        ON events BEGIN {remove_old} {assign_key} END;
        CREATE TRIGGER events_text_delete AFTER DELETE ON events BEGIN {remove_old} END;
        """
    )


def _create_event_facets(db: sqlite_utils.Database) -> None:
    """``event_facets``: each event's actors, places and tags beside its span, in timeline order.

    It is to a facet what ``(span_class, start_day, end_day, id)`` is to the whole timeline,
    so ``tag=economy`` pages through only that tag's events, span class by span class.
    Triggers on the join tables and on ``events`` keep it current, whoever writes.
    """
    db.executescript(
        """
        CREATE TABLE event_facets (
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            span_class INTEGER NOT NULL,
            start_day INTEGER NOT NULL,
            end_day INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            PRIMARY KEY (facet, value, span_class, start_day, end_day, event_id)
        ) WITHOUT ROWID;
        CREATE INDEX event_facets_event_id ON event_facets (event_id);
        CREATE TRIGGER events_facets_update AFTER UPDATE OF id, span_class, start_day, end_day
        ON events BEGIN
            UPDATE event_facets SET span_class = NEW.span_class, start_day = NEW.start_day,
                end_day = NEW.end_day, event_id = NEW.id
            WHERE event_id = OLD.id;
        END;
        CREATE TRIGGER events_facets_delete AFTER DELETE ON events BEGIN
            DELETE FROM event_facets WHERE event_id = OLD.id;
        END;
        """
    )
    for kind in LINKED_KINDS:
        _create_facet_triggers(db, kind)


def _create_facet_triggers(db: sqlite_utils.Database, kind: Kind) -> None:
    """Keep ``event_facets`` current as events link to and unlink from ``kind``."""
    table, column, facet = kind.join_table, kind.column, kind.singular
    insert = (
        f"INSERT OR IGNORE INTO event_facets SELECT '{facet}', NEW.{column}, span_class,"
        " start_day, end_day, id FROM events WHERE id = NEW.event_id;"
    )
    delete = (
        f"DELETE FROM event_facets WHERE event_id = OLD.event_id AND facet = '{facet}'"
        f" AND value = OLD.{column};"
    )
    db.executescript(
        f"""
        CREATE TRIGGER {table}_facets_insert AFTER INSERT ON {table} BEGIN {insert} END;
        CREATE TRIGGER {table}_facets_delete AFTER DELETE ON {table} BEGIN {delete} END;
        CREATE TRIGGER {table}_facets_update AFTER UPDATE ON {table} BEGIN
            {delete} {insert}
        END;
        """
    )


CHANGES_TABLE_SQL = """
CREATE TABLE {name} (
    id INTEGER PRIMARY KEY,
    revision INTEGER NOT NULL UNIQUE,
    at TEXT NOT NULL,
    author TEXT NOT NULL,
    action TEXT NOT NULL,
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    before TEXT,
    after TEXT
)
"""


def _create_changes(db: sqlite_utils.Database) -> None:
    """``changes``: the append-only history of writes, each at its own revision
    (service/store/history.py); the change feed pages through it by revision."""
    db.execute(CHANGES_TABLE_SQL.format(name="changes"))
    db["changes"].create_index(["kind", "item_id", "id"])


def _create_revision(db: sqlite_utils.Database) -> None:
    """``meta.revision``: a counter every write to a data table bumps, by trigger, and
    every recorded change bumps once more to take its own number (``record_change``).

    ``meta.instance`` is drawn once, when the file is created, so two databases that
    happen to reach the same count are still told apart (see service/store/revision.py).

    Responses to GETs are pure functions of the request and the data, so a response
    cached under the revision it was computed at is correct as long as the revision
    holds, in every worker and after writes from any connection. (``PRAGMA
    data_version`` would not do: it does not change for the connection that wrote.)
    """
    db.executescript(
        """
        CREATE TABLE meta (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            instance TEXT NOT NULL,
            revision INTEGER NOT NULL
        );
        """
    )
    db.execute("INSERT INTO meta (id, instance, revision) VALUES (1, ?, 0)", [uuid.uuid4().hex])
    for table in DATA_TABLES:
        _create_revision_triggers(db, table)


def _create_revision_triggers(db: sqlite_utils.Database, table: str) -> None:
    for operation in ("INSERT", "UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER {table}_revision_{operation.lower()} AFTER {operation} ON {table}"
            " BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END"
        )


def add_kind(db: sqlite_utils.Database, kind: Kind) -> None:
    """Give a file made before ``kind`` existed its tables and their triggers: the whole
    migration a new kind needs (service/store/migrations.py)."""
    create_kind_table(db, kind)
    _create_revision_triggers(db, kind.table)
    if kind.linked:
        create_join_table(db, kind)
        _create_facet_triggers(db, kind)
        _create_revision_triggers(db, kind.join_table)
