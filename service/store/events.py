"""Reading events: the timeline query (date overlap, text, facets, keyset pages) and lookups.

The page query never scans the table: see service/store/spans.py for how events grouped by
length let one index bound both ends of their days, and ``_page_sql`` for the query plans.
"""

import functools
import hashlib
import json
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field, make_dataclass
from datetime import date
from typing import NamedTuple

import orjson
import sqlite_utils

from service.core.kinds import LINKED_KINDS, Kind
from service.store import NotFound
from service.store.revision import Revision, current_revision
from service.store.schema import (
    TEXT_KEY_LENGTH_MASK,
    TEXT_KEY_LENGTH_SHIFT,
    TEXT_KEY_START_SHIFT,
)
from service.store.spans import (
    is_qualified_class,
    qualified_class_test,
    relation_bounds,
    span_class_lengths,
    start_range,
)

_FACETS = {kind.table: kind for kind in LINKED_KINDS}
# The facet a page is read through when several are given: the likeliest to be rare first.
_DRIVING_FACET_ORDER = tuple(
    kind.table for kind in sorted(LINKED_KINDS, key=lambda kind: kind.rarity_rank)
)
# What cannot be part of an FTS5 query string: NUL and UTF-16 surrogates.
_NOT_IN_WORDS = re.compile("[\x00\ud800-\udfff]")
_RECORD_COLUMNS = ("id", "title", "summary", "date", "resolved_from")
# Events read per query when exporting everything that matches.
EXPORT_PAGE = 1000
EARLIEST_DAY = date(1, 1, 1)
LATEST_DAY = date(9999, 12, 31)
_PAST_ANY_DAY = LATEST_DAY.toordinal() + 1
# Per connection: the span classes that have events, their start days, and the revision
# they were read at.
_classes_seen: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class EventKey:
    """An event's place in the timeline order: start, then end, then id."""

    start: str
    end: str
    id: str


EventFilter = make_dataclass(
    "EventFilter",
    [
        ("first_day", date, field(default=EARLIEST_DAY)),
        ("last_day", date, field(default=LATEST_DAY)),
        ("relation", str, field(default="overlaps")),
        # Widen approximate and uncertain dates (overlaps only; see service/store/spans.py).
        ("fuzzy", bool, field(default=False)),
        ("text", str | None, field(default=None)),
        # One tuple per linked kind (``tags=("economy",)``): events naming every id in it.
        *((kind.table, tuple[str, ...], field(default=())) for kind in LINKED_KINDS),
    ],
    frozen=True,
    namespace={"__doc__": "What a query keeps: a date range and how to meet it, words, ids."},
)


class SpanClassScan(NamedTuple):
    """What the page query needs to know of one span class that has events."""

    cls: int
    shortest: int
    longest: int
    first_start: int
    last_start: int


@dataclass(frozen=True)
class EventPage:
    documents: list[str]
    last_key: EventKey | None = None
    has_more: bool = False


def list_events(
    db: sqlite_utils.Database,
    where: EventFilter,
    *,
    limit: int,
    newest_first: bool = False,
    after: EventKey | None = None,
    revision: Revision | None = None,
) -> EventPage:
    """One page of events matching ``where``, in timeline order, after ``after`` if given.

    Pages are keyset pages: the next one starts strictly after the last key of this
    one, so a deep page costs what the first does and concurrent inserts never shift it.
    ``revision`` is the data's revision in the read snapshot this runs in, when the caller
    has read it already; it is read here otherwise.
    """
    if where.text is not None and where.text.strip() and not fts_match_expression(where.text):
        return EventPage(documents=[])
    classes = span_classes(db, revision)
    if not classes:
        return EventPage(documents=[])
    sql, params = _page_sql(db, where, classes, newest_first=newest_first, after=after)
    if sql is None:
        return EventPage(documents=[])
    rows = db.execute(sql, {**params, "limit": limit + 1}).fetchall()
    return EventPage(
        documents=[document for document, *_ in rows[:limit]],
        last_key=EventKey(*rows[limit - 1][1:]) if len(rows) >= limit else _last_key(rows),
        has_more=len(rows) > limit,
    )


def iter_event_documents(
    db: sqlite_utils.Database, where: EventFilter, *, newest_first: bool = False
) -> Iterator[str]:
    """Every event matching ``where``, as its API document, in timeline order (for exports).

    Read a keyset page at a time through ``list_events``, so exports use the same bounded
    query plans as the timeline and hold only one page in memory.
    """
    after = None
    while True:
        page = list_events(db, where, limit=EXPORT_PAGE, newest_first=newest_first, after=after)
        yield from page.documents
        if not page.has_more:
            return
        after = page.last_key


def iter_event_spans(db: sqlite_utils.Database, where: EventFilter) -> Iterator[tuple[date, date]]:
    """The first and last day of every event matching ``where`` (for counts over time)."""
    for document in iter_event_documents(db, where):
        event = orjson.loads(document)
        yield date.fromisoformat(event["start"]), date.fromisoformat(event["end"])


def explain_page_query(
    db: sqlite_utils.Database,
    where: EventFilter,
    *,
    newest_first: bool = False,
    after: EventKey | None = None,
) -> list[str]:
    """The steps of SQLite's plan for the page query (for tests and the benchmark)."""
    sql, params = _page_sql(db, where, span_classes(db), newest_first=newest_first, after=after)
    if sql is None:
        return []
    plan = db.execute(f"EXPLAIN QUERY PLAN {sql}", {**params, "limit": 21}).fetchall()
    return [row[-1] for row in plan]


def span_classes(
    db: sqlite_utils.Database, revision: Revision | None = None
) -> tuple[tuple[int, int, int], ...]:
    """Each span class that has events, with its first and last start day.

    Read again only when the revision changes, so always current. ``revision``: the one
    the caller read in the same read snapshot, if it did.
    """
    revision = revision or current_revision(db)
    seen = _classes_seen.get(db)
    if seen is None or seen[0] != revision:
        seen = revision, _read_span_classes(db)
        _classes_seen[db] = seen
    return seen[1]


def _read_span_classes(db: sqlite_utils.Database) -> tuple[tuple[int, int, int], ...]:
    """Each span class with its first and last start day, each found with index seeks."""
    classes, cls = [], -1
    while True:
        row = db.execute(
            "SELECT span_class, start_day FROM events WHERE span_class > ?"
            " ORDER BY span_class, start_day LIMIT 1",
            [cls],
        ).fetchone()
        if row is None:
            return tuple(classes)
        cls, first_start = row
        (last_start,) = db.execute(
            "SELECT max(start_day) FROM events WHERE span_class = ?", [cls]
        ).fetchone()
        classes.append((cls, first_start, last_start))


def get_event_document(db: sqlite_utils.Database, event_id: str) -> str:
    row = db.execute("SELECT document FROM events WHERE id = ?", [event_id]).fetchone()
    if row is None:
        raise NotFound("event", event_id)
    return row[0]


def get_event_record(db: sqlite_utils.Database, event_id: str) -> dict:
    """An event as a dataset record (what writers send), without derived fields."""
    records = event_records(db, event_id=event_id)
    if not records:
        raise NotFound("event", event_id)
    return records[0]


def event_records(db: sqlite_utils.Database, *, event_id: str | None = None) -> list[dict]:
    """Events as dataset records in timeline order: every event, or the one with ``event_id``."""
    where, params = ("WHERE id = :id", {"id": event_id}) if event_id else ("", {})
    links = {kind.table: _links_by_event(db, kind, event_id) for kind in LINKED_KINDS}
    return [
        {
            **{column: row[column] for column in _RECORD_COLUMNS},
            **{field: linked.get(row["id"], []) for field, linked in links.items()},
            "figures": json.loads(row["figures"]),
            "source": row["source"],
            "evidence": json.loads(row["evidence"]),
        }
        for row in db.query(f"SELECT * FROM events {where} ORDER BY start, end, id", params)
    ]


def version_of(document: str) -> str:
    """The version of an event: the sha1 of its JSON document, as its ETag quotes it."""
    return hashlib.sha1(document.encode()).hexdigest()


def _links_by_event(
    db: sqlite_utils.Database, kind: Kind, event_id: str | None
) -> dict[str, list[str]]:
    """Linked ids per event, in their recorded order: for every event, or just ``event_id``."""
    where = "WHERE event_id = :id" if event_id else ""
    sql = (
        f"SELECT event_id, {kind.column} FROM {kind.join_table} {where} ORDER BY event_id, position"
    )
    links: dict[str, list[str]] = {}
    for linked_event, linked_id in db.execute(sql, {"id": event_id}):
        links.setdefault(linked_event, []).append(linked_id)
    return links


def _last_key(rows: list) -> EventKey | None:
    return EventKey(*rows[-1][1:]) if rows else None


def _page_sql(
    db: sqlite_utils.Database,
    where: EventFilter,
    classes: tuple[tuple[int, int, int], ...],
    *,
    newest_first: bool,
    after: EventKey | None,
) -> tuple[str | None, dict]:
    """The page query and its parameters; no query when no span class can have a match.

    Without ``q``, the page is a merge of one index range scan per span class: over
    ``events(span_class, start_day, end_day, id)``, or, given a facet, over that facet's
    rows of ``event_facets``; further facets are checked per row by primary key. Each scan
    is already in timeline order, so SQLite merges them (``MERGE (UNION ALL)``) and stops
    after ``limit + 1`` rows, and only then reads the documents.

    With ``q``, the full-text index drives, in timeline order (``_text_page_sql``).
    """
    first, last = where.first_day.toordinal(), where.last_day.toordinal()
    params: dict = {"first_day": first, "last_day": last}
    facets = [
        (facet, index, value)
        for facet in _DRIVING_FACET_ORDER
        for index, value in enumerate(getattr(where, facet))
    ]
    for facet, index, value in facets:
        params[f"{facet}_{index}"] = value
    shape = tuple((facet, index) for facet, index, _ in facets)
    if where.text is not None and where.text.strip():
        params["fts"] = fts_match_expression(where.text)
        _add_text_key_range(params, where, classes, after, newest_first)
        sql = _text_page_sql(where.relation, where.fuzzy, shape, after is not None, newest_first)
        return sql, params
    scanned = _add_class_bounds(params, where, classes, after, newest_first)
    if not scanned:
        return None, params
    return _merged_page_sql(where.relation, where.fuzzy, shape, scanned, newest_first), params


def _add_class_bounds(params, where, classes, after, newest_first) -> tuple[int, ...]:
    """Each span class's start-day range, tightened by the cursor, as row-value bounds;
    returns the classes worth scanning (those with events starting in their range).

    A class of lengths ``shortest``-``longest`` can match with a start day in the range
    ``relation_bounds`` gives (service/store/spans.py). Ascending, a class scans keys strictly after
    ``(low - 1, past any day, '')`` (that is, from ``start_day = low``) or after the cursor
    if that is later, up to ``start_day <= high``; descending, the mirror image. So the SQL
    is the same with or without a cursor.
    """
    first, last = where.first_day.toordinal(), where.last_day.toordinal()
    after_key = _key_tuple(after) if after is not None else None
    scanned = []
    for scan in _class_parameters(classes):
        cls = scan.cls
        low, high = start_range(
            where.relation,
            first,
            last,
            scan.shortest,
            scan.longest,
            where.fuzzy and is_qualified_class(cls),
        )
        if after_key is not None:
            if newest_first:
                high = min(high, after_key[0])
            else:
                low = max(low, after_key[0])
        if low > scan.last_start or high < scan.first_start or low > high:
            continue
        scanned.append(cls)
        if newest_first:
            bound = (high + 1, -1, "")
            if after_key is not None and after_key < bound:
                bound = after_key
            params[f"r{cls}"] = low
        else:
            bound = (low - 1, _PAST_ANY_DAY, "")
            if after_key is not None and after_key > bound:
                bound = after_key
            params[f"r{cls}"] = high
        params[f"b{cls}_s"], params[f"b{cls}_e"], params[f"b{cls}_i"] = bound
    return tuple(scanned)


@functools.lru_cache(maxsize=64)
def _class_parameters(classes: tuple[tuple[int, int, int], ...]) -> tuple[SpanClassScan, ...]:
    """Per span class: its id, its shortest and longest lengths, and its start days.

    Kept per set of classes, which changes only with the data: every page query needs it."""
    return tuple(
        SpanClassScan(cls, *span_class_lengths(cls), first_start, last_start)
        for cls, first_start, last_start in classes
    )


@functools.lru_cache(maxsize=512)
def _merged_page_sql(
    relation: str, fuzzy: bool, shape: tuple, classes: tuple, newest_first: bool
) -> str:
    """One ordered index range scan per span class, merged, then ``limit + 1`` documents.

    A fuzzy query tests the qualified classes' rows on their widened days, still from the
    index alone."""
    if shape:
        drive_facet, drive_index = shape[0]
        source = f"event_facets AS t WHERE facet = '{_FACETS[drive_facet].singular}'"
        source += f" AND value = :{drive_facet}_{drive_index} AND"
        id_column, checks, event = "event_id", shape[1:], "e.id = k.id"
    else:
        source, id_column, checks = "events AS t WHERE", "id", shape
        event = "e.rowid = k.event_rowid"
    checks = [_facet_check(facet, index, f"t.{id_column}") for facet, index in checks]
    past, limit_side = ("<", ">=") if newest_first else (">", "<=")
    key = f"(start_day, end_day, {id_column})"
    columns = f"start_day, end_day, {id_column} AS id" + ("" if shape else ", rowid AS event_rowid")
    arms = [
        f"SELECT {columns} FROM {source} span_class = {cls}"
        f" AND {key} {past} (:b{cls}_s, :b{cls}_e, :b{cls}_i) AND start_day {limit_side} :r{cls}"
        f" AND {' AND '.join([_row_test(relation, fuzzy and is_qualified_class(cls)), *checks])}"
        for cls in classes
    ]
    keys = f"{' UNION ALL '.join(arms)} ORDER BY {_order('', newest_first)} LIMIT :limit"
    return (
        "SELECT e.document, e.start, e.end, e.id"
        f" FROM ({keys}) AS k JOIN events e ON {event} ORDER BY {_order('k.', newest_first)}"
    )


def _add_text_key_range(params, where, classes, after, newest_first) -> None:
    """The text keys a match can have: its start day bounded like a span class's, by the
    longest span there is, and by the cursor's start and end days."""
    first, last = where.first_day.toordinal(), where.last_day.toordinal()
    longest = max(scan.longest for scan in _class_parameters(classes))
    low, high, *_ = relation_bounds(where.relation, first, last, longest=longest, fuzzy=where.fuzzy)
    # No event starts after the last day there is; a fuzzy bound past it would overflow a key.
    high = min(high, LATEST_DAY.toordinal())
    key_low, key_high = max(low, 0) << TEXT_KEY_START_SHIFT, (high + 1) << TEXT_KEY_START_SHIFT
    if after is not None:
        start, end, params["k_i"] = _key_tuple(after)
        params["k_s"], params["k_e"] = start, end
        group = (start << TEXT_KEY_START_SHIFT) | ((end - start) << TEXT_KEY_LENGTH_SHIFT)
        if newest_first:
            key_high = min(key_high, group + (1 << TEXT_KEY_LENGTH_SHIFT))
        else:
            key_low = max(key_low, group)
    params["key_low"], params["key_high"] = key_low, key_high


@functools.lru_cache(maxsize=128)
def _text_page_sql(
    relation: str, fuzzy: bool, shape: tuple, has_cursor: bool, newest_first: bool
) -> str:
    """A page of full-text matches, read from the FTS index in timeline order.

    ``events_fts`` rowids are text keys (service/store/schema.py): start day, then length,
    then a tie number. So FTS5 hands over the matches of the key range in order, the
    relation is tested on the key alone, and only matches that pass are joined to their
    events. Key order is timeline order except among events with the same start and end
    days, which the timeline orders by id: so the page takes the first ``limit`` matches
    in key order, then every match up to the end of the last one's start-and-end group,
    and sorts those by start, end and id. A fuzzy query widens the key range and keeps a
    match that overlaps the window, or whose event is qualified and overlaps it widened.
    """
    start = f"(events_fts.rowid >> {TEXT_KEY_START_SHIFT})"
    end = f"({start} + ((events_fts.rowid >> {TEXT_KEY_LENGTH_SHIFT}) & {TEXT_KEY_LENGTH_MASK}))"
    filters = [
        "events_fts MATCH :fts",
        "events_fts.rowid >= :key_low",
        "events_fts.rowid < :key_high",
        _text_row_test(relation, fuzzy, start, end),
    ]
    filters += [_facet_check(facet, index, "e.id") for facet, index in shape]
    if has_cursor:
        past = "<" if newest_first else ">"
        filters.append(f"(e.start_day, e.end_day, e.id) {past} (:k_s, :k_e, :k_i)")
    direction = "DESC" if newest_first else "ASC"
    group = f"(key >> {TEXT_KEY_LENGTH_SHIFT})"
    if newest_first:
        last_group = f"key >= coalesce((SELECT tie_group FROM edge) << {TEXT_KEY_LENGTH_SHIFT}, 0)"
    else:
        last_group = (
            f"key < coalesce(((SELECT tie_group FROM edge) + 1) << {TEXT_KEY_LENGTH_SHIFT},"
            " :key_high)"
        )
    return (
        "WITH candidates AS NOT MATERIALIZED ("
        " SELECT events_fts.rowid AS key, e.start_day, e.end_day, e.id, e.document,"
        " e.start, e.end FROM events_fts CROSS JOIN events AS e ON e.text_key = events_fts.rowid"
        f" WHERE {' AND '.join(filters)}),"
        f" edge AS (SELECT {group} AS tie_group FROM candidates"
        f" ORDER BY key {direction} LIMIT 1 OFFSET :limit - 1)"
        f" SELECT document, start, end, id FROM candidates WHERE {last_group}"
        f" ORDER BY {_order('', newest_first)} LIMIT :limit"
    )


def _order(prefix: str, newest_first: bool) -> str:
    direction = "DESC" if newest_first else "ASC"
    return ", ".join(f"{prefix}{column} {direction}" for column in ("start_day", "end_day", "id"))


def _row_test(
    relation: str, fuzzy: bool, start_day: str = "start_day", end: str = "end_day"
) -> str:
    """The relation as a test on one event's days, once its start day is bounded."""
    return relation_bounds(relation, 0, 0, fuzzy=fuzzy).row_test(start_day, end)


def _text_row_test(relation: str, fuzzy: bool, start: str, end: str) -> str:
    """The relation on a text key's days; fuzzy, the key range is wide enough for any
    event widened, so an exact match must start by the window's end."""
    if not fuzzy:
        return _row_test(relation, False, start, end)
    exact = f"{start} <= :last_day AND {_row_test(relation, False, start, end)}"
    widened = f"{qualified_class_test('e.span_class')} AND {_row_test(relation, True, start, end)}"
    return f"(({exact}) OR ({widened}))"


def _facet_check(facet: str, index: int, id_column: str) -> str:
    kind = _FACETS[facet]
    return (
        f"EXISTS (SELECT 1 FROM {kind.join_table} WHERE event_id = {id_column}"
        f" AND {kind.column} = :{facet}_{index})"
    )


def _key_tuple(key: EventKey) -> tuple[int, int, str]:
    return (
        date.fromisoformat(key.start).toordinal(),
        date.fromisoformat(key.end).toordinal(),
        key.id,
    )


def fts_match_expression(text: str) -> str:
    """Any text as an FTS5 query that matches events holding all of its words.

    Built from tokens, never by quoting the text as a whole: each whitespace-separated word
    becomes an FTS5 string (``"..."``, a quote inside doubled), so operators, quotes,
    brackets, newlines and keywords are all plain words, and FTS5 tokenizes each string as
    it tokenized the titles. SQLite takes neither NULs nor lone surrogates in a query, so
    they separate words like spaces. Empty when the text has no words.
    """
    words = _NOT_IN_WORDS.sub(" ", text).split()
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)
