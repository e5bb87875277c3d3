"""In-process latencies at one size: the page query, serialisation and the whole request.

For every window of the mix (bench/windows.py), in this process, with no HTTP server:
- SQL: ``list_events`` for the first page, and for a deep page reached by following
  cursors; beside it the naive one-sided query of issue 4, for comparison;
- serialisation: assembling the page's JSON from the stored documents;
- request: ``GET /events`` through Flask's test client (response cache off).
Every page is first checked against the naive query, with and without a tag and a word,
so the figures are for correct answers. Prints one JSON object.

    python -m bench.inprocess bench/data/events-100000-g1-s3.db
"""

import json
import statistics
import sys
import time
from urllib.parse import urlencode

from bench.windows import TAGS, WORDS, windows
from service.api.events import page_body
from service.app import create_app
from service.files.db import open_database
from service.store.events import EventFilter, list_events

DEEP_PAGES = 25
REPEATS = 15


def main() -> None:
    path = sys.argv[1]
    print(json.dumps(measure(path), indent=2))


def measure(path: str) -> dict:
    db = open_database(path, read_only=True)
    app = create_app(
        {"TIMELINE_DB": path, "TIMELINE_READ_ONLY": True, "TIMELINE_RESPONSE_CACHE": False}
    )
    client = app.test_client()
    rows = []
    for index, (label, first, last) in enumerate(windows()):
        where = EventFilter(first_day=first, last_day=last)
        check_against_naive(db, where, first, last)
        check_against_naive(
            db, EventFilter(first, last, tags=(TAGS[index % len(TAGS)],)), first, last
        )
        check_against_naive(
            db, EventFilter(first, last, text=WORDS[index % len(WORDS)]), first, last
        )
        page = list_events(db, where, limit=20)
        deep, depth = page, 0
        while deep.has_more and depth < DEEP_PAGES:
            deep, depth = list_events(db, where, limit=20, after=deep.last_key), depth + 1
        deep_after = deep.last_key if depth else None
        url = f"/events?{urlencode({'from': first.isoformat(), 'to': last.isoformat()})}"
        word = EventFilter(first, last, text=WORDS[index % len(WORDS)])
        tag = EventFilter(first, last, tags=(TAGS[index % len(TAGS)],))
        rows.append(
            {
                "window": f"{label} {first}..{last}",
                "first_page_ms": best_ms(lambda w=where: list_events(db, w, limit=20)),
                "deep_page_ms": best_ms(
                    lambda w=where, a=deep_after: list_events(db, w, limit=20, after=a)
                ),
                "deep_page_depth": depth,
                "tag_first_page_ms": best_ms(lambda w=tag: list_events(db, w, limit=20)),
                "word_first_page_ms": best_ms(lambda w=word: list_events(db, w, limit=20)),
                "serialise_ms": best_ms(lambda p=page: page_body(p.documents, "http://x/")),
                "request_ms": best_ms(lambda u=url: client.get(u)),
                "naive_sql_ms": best_ms(lambda f=first, t=last: naive(db, f, t), repeats=2),
            }
        )
    return {"database": path, "events": count(db), "windows": rows, "summary": summarise(rows)}


def naive(db, first, last, extra: str = "", params: dict | None = None) -> list[str]:
    """The query of issue 4: an index on (start, end, id) that bounds only one side."""
    sql = (
        "SELECT document FROM events WHERE start <= :to AND end >= :from"
        + extra
        + " ORDER BY start, end, id LIMIT 20"
    )
    bounds = {"from": first.isoformat(), "to": last.isoformat(), **(params or {})}
    return [document for (document,) in db.execute(sql, bounds)]


def check_against_naive(db, where: EventFilter, first, last) -> None:
    extra, params = "", {}
    if where.tags:
        extra, params = (
            " AND id IN (SELECT event_id FROM event_tags WHERE tag_id = :tag)",
            {"tag": where.tags[0]},
        )
    if where.text:
        extra = " AND text_key IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :q)"
        params = {"q": db.quote_fts(where.text)}
    expected = naive(db, first, last, extra, params)
    got = list_events(db, where, limit=20).documents
    if got != expected:
        raise AssertionError(f"page differs from the naive query for {where}")


def best_ms(call, repeats: int = REPEATS) -> float:
    """The median of ``repeats`` timings, in milliseconds, after one warm-up call."""
    call()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return round(statistics.median(timings) * 1000, 4)


def summarise(rows: list[dict]) -> dict:
    summary = {}
    for key in rows[0]:
        if key.endswith("_ms"):
            values = [row[key] for row in rows]
            worst = max(rows, key=lambda row, k=key: row[k])
            summary[key] = {
                "median": round(statistics.median(values), 4),
                "worst": worst[key],
                "worst_window": worst["window"],
            }
    return summary


def count(db) -> int:
    return db.execute("SELECT count(*) FROM events").fetchone()[0]


if __name__ == "__main__":
    main()
