"""In-process latencies at one size: the page query, serialisation and the whole request.

For every window of the mix (bench/windows.py), in this process, with no HTTP server:
- SQL: ``list_events`` for the first page, and for a deep page reached by following
  cursors; beside it the naive one-sided query of issue 4, for comparison;
- serialisation: assembling the page's JSON from the stored documents;
- request: ``GET /events`` through Flask's test client (response cache off);
- the budget (``budget``): CPU microseconds per request, the best of several passes, for bare
  Flask (bench/ceiling.py), the service's middleware and hooks around a constant view, the
  cheapest window and the mix as WSGI calls, and the mix's store query and serialisation
  alone. A ratio to the ceiling cannot beat what these parts cost before any HTTP.
Every page is first checked against the naive query, with and without a tag and a word,
so the figures are for correct answers. Prints one JSON object.

    python -m bench.inprocess bench/data/events-100000-g1-s3.db
"""

import json
import statistics
import sys
import time
from urllib.parse import urlencode

from werkzeug.test import EnvironBuilder

from bench import ceiling
from bench.windows import TAGS, WORDS, cheapest_service_path, service_paths, windows
from service.api.events import page_body
from service.app import create_app
from service.files.db import open_database
from service.store.events import EventFilter, list_events
from service.store.transactions import read_snapshot

DEEP_PAGES = 25
REPEATS = 15
BUDGET_PASSES = 7


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
    return {
        "database": path,
        "events": count(db),
        "windows": rows,
        "summary": summarise(rows),
        "budget": budget(path, db),
    }


def budget(path: str, db) -> dict:
    """CPU microseconds per request, in this process: what each part of an answer costs."""
    overrides = {"TIMELINE_DB": path, "TIMELINE_READ_ONLY": True, "TIMELINE_RESPONSE_CACHE": False}
    app = create_app(overrides)
    hooked = create_app(overrides)
    hooked.add_url_rule("/constant", "constant", lambda: {"status": "ok"})
    filters = mix_filters()
    pages = [first_page(db, where).documents for where in filters]
    return {
        "bare_flask_us": cpu_us_per_call(wsgi_calls(ceiling.app, ["/ping"])),
        "hooks_around_a_constant_view_us": cpu_us_per_call(wsgi_calls(hooked, ["/constant"])),
        "cheapest_request_us": cpu_us_per_call(wsgi_calls(app, [cheapest_service_path()])),
        "mix_request_us": cpu_us_per_call(wsgi_calls(app, service_paths())),
        "mix_store_us": cpu_us_per_call([lambda w=w: first_page(db, w) for w in filters]),
        "mix_serialise_us": cpu_us_per_call(
            [lambda d=documents: page_body(d, "http://x/") for documents in pages]
        ),
    }


def mix_filters() -> list[EventFilter]:
    """The filters of bench/windows.py's mix: each window plainly, with a tag, with a word."""
    made = []
    for index, (_, first, last) in enumerate(windows()):
        made.append(EventFilter(first, last))
        made.append(EventFilter(first, last, tags=(TAGS[index % len(TAGS)],)))
        made.append(EventFilter(first, last, text=WORDS[index % len(WORDS)]))
    return made


def first_page(db, where: EventFilter):
    with read_snapshot(db):
        return list_events(db, where, limit=20)


def wsgi_calls(app, paths: list[str]) -> list:
    """One call per path, each a whole request through ``app`` as a WSGI server makes it."""

    def start_response(status, headers, exc_info=None):
        if not status.startswith("200"):
            raise AssertionError(f"budget request answered {status}")

    calls = []
    for path in paths:
        route, _, query = path.partition("?")
        environ = EnvironBuilder(
            path=route, query_string=query, headers={"Host": "127.0.0.1:8000"}
        ).get_environ()
        calls.append(lambda e=environ: b"".join(app(dict(e), start_response)))
    return calls


def cpu_us_per_call(calls: list, least_calls: int = 400) -> float:
    """The best of ``BUDGET_PASSES`` passes over ``calls`` (each pass at least ``least_calls``
    calls), in CPU microseconds per call: the best pass is the one least disturbed by
    whatever else the machine ran."""
    rounds = max(1, least_calls // len(calls))
    for call in calls:
        call()
    best = float("inf")
    for _ in range(BUDGET_PASSES):
        started = time.process_time()
        for _ in range(rounds):
            for call in calls:
                call()
        best = min(best, (time.process_time() - started) / (rounds * len(calls)))
    return round(best * 1e6, 1)


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
