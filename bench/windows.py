"""The request mix: 72 date windows early, in the middle and late in the data, narrow and wide,
each asked plainly, with a tag and with a full-text word; and the same as Datasette SQL."""

import random
from datetime import date, timedelta
from urllib.parse import urlencode

from bench.generate import FIRST_DAY, LAST_DAY, PROJECTS, TOPICS

WIDTHS_IN_DAYS = (0, 6, 30, 365, 5 * 365, 30 * 365)
PLACES_IN_DATA = {"early": (0.0, 0.08), "middle": (0.45, 0.55), "late": (0.92, 1.0)}
WINDOWS_PER_CELL = 4
TAGS = TOPICS[1:8]
WORDS = PROJECTS[::97]
CHEAPEST_WINDOW = (FIRST_DAY, FIRST_DAY)


def windows() -> list[tuple[str, date, date]]:
    """(label, first day, last day) for each place in the data and each width, four of each."""
    rng = random.Random("windows")
    span = (LAST_DAY - FIRST_DAY).days
    made = []
    for place, (low, high) in PLACES_IN_DATA.items():
        for width in WIDTHS_IN_DAYS:
            for _ in range(WINDOWS_PER_CELL):
                end = FIRST_DAY + timedelta(days=int(span * rng.uniform(low, high)))
                start = max(FIRST_DAY, end - timedelta(days=width))
                made.append((f"{place}/{width}d", start, end))
    return made


def service_paths() -> list[str]:
    """Each window plainly, with a tag, and with a rare word: 216 different requests."""
    paths = []
    for index, (_, first, last) in enumerate(windows()):
        window = {"from": first.isoformat(), "to": last.isoformat()}
        paths.append(f"/events?{urlencode(window)}")
        paths.append(f"/events?{urlencode({**window, 'tag': TAGS[index % len(TAGS)]})}")
        paths.append(f"/events?{urlencode({**window, 'q': WORDS[index % len(WORDS)]})}")
    return paths


def cheapest_service_path() -> str:
    """The data's first day, events lying within it: a handful of matches at every size.

    (Every day of the data overlaps that year's year-long events, over a thousand at 1M
    events, so an ``overlaps`` window always fills its page; ``early_overlap_path`` is that.)
    """
    first, last = CHEAPEST_WINDOW
    query = {"from": first.isoformat(), "to": last.isoformat(), "relation": "within"}
    return f"/events?{urlencode(query)}"


def early_overlap_path() -> str:
    first, last = CHEAPEST_WINDOW
    return f"/events?{urlencode({'from': first.isoformat(), 'to': last.isoformat()})}"


# What a straightforward implementation asks (the query the issue describes), as Datasette SQL.
DATASETTE_COLUMNS = "id, title, summary, date, start, [end], precision, approximate, uncertain"
NAIVE_SQL = (
    f"SELECT {DATASETTE_COLUMNS} FROM events WHERE start <= :to AND [end] >= :from{{extra}}"
    " ORDER BY start, [end], id LIMIT 21"
)
WITHIN_SQL = (
    f"SELECT {DATASETTE_COLUMNS} FROM events WHERE start >= :from AND [end] <= :to"
    " ORDER BY start, [end], id LIMIT 21"
)
TAG_FILTER = " AND id IN (SELECT event_id FROM event_tags WHERE tag_id = :tag)"
TEXT_FILTER = " AND text_key IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :q)"


def datasette_paths(database: str) -> list[str]:
    """The same requests as ``service_paths``, as Datasette JSON SQL queries."""
    paths = []
    for index, (_, first, last) in enumerate(windows()):
        window = {"from": first.isoformat(), "to": last.isoformat()}
        tag = {"tag": TAGS[index % len(TAGS)]}
        word = {"q": f'"{WORDS[index % len(WORDS)]}"'}
        paths.append(_datasette_path(database, NAIVE_SQL.format(extra=""), window))
        paths.append(_datasette_path(database, NAIVE_SQL.format(extra=TAG_FILTER), window | tag))
        paths.append(_datasette_path(database, NAIVE_SQL.format(extra=TEXT_FILTER), window | word))
    return paths


def cheapest_datasette_path(database: str) -> str:
    first, last = CHEAPEST_WINDOW
    window = {"from": first.isoformat(), "to": last.isoformat()}
    return _datasette_path(database, WITHIN_SQL, window)


def _datasette_path(database: str, sql: str, params: dict) -> str:
    return f"/{database}.json?{urlencode({'sql': sql, **params, '_shape': 'array'})}"
