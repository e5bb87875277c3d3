"""The response cache only replays the right answer, to anyone, within its memory bound."""

import functools
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.app import create_app
from tests.helpers import examples, problem_of

RSS_PROBE = """
import gc, sys
from service.app import create_app
from service.files.db import ensure_database

def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096

ensure_database(sys.argv[1])
app = create_app({"TIMELINE_DB": sys.argv[1], "TIMELINE_RESPONSE_CACHE_MB": 0.5})
client = app.test_client()
for number in range(300):
    client.get(f"/events?from=1000&to=1000&q=warm{number}")
gc.collect()
before = rss()
for number in range(5000):
    client.get(f"/events?from=1000&to=1000&q=unique{number}")
gc.collect()
cache = app.extensions["timeline_response_cache"]
print(rss() - before, cache.size, len(cache))
"""


def cached_app(db_path, **settings):
    return create_app({"TIMELINE_DB": str(db_path), "TIMELINE_RESPONSE_CACHE": True, **settings})


def test_script_name_cannot_poison_another_path(db_path):
    client = cached_app(db_path).test_client()
    tags = client.get("/tags", environ_overrides={"SCRIPT_NAME": "/events"})
    assert tags.status_code == 200
    problem_of(client.get("/events/tags"), 404)
    again = client.get("/tags", environ_overrides={"SCRIPT_NAME": "/events"})
    assert again.get_data() == tags.get_data()


@pytest.mark.slow  # fills the cache several times over to read the process's memory
def test_the_size_bound_holds_in_resident_memory(tmp_path):
    """5,000 unique URLs of 24-byte answers into a 0.5 MB cache: counting bodies only, that
    was ~4 MB of RSS (about 830 bytes an entry); counting entries whole it stays near 0.5."""
    probe = subprocess.run(
        [sys.executable, "-c", RSS_PROBE, str(tmp_path / "t.db")],
        capture_output=True,
        text=True,
        check=True,
    )
    growth, size, entries = map(int, probe.stdout.split())
    assert size <= 0.5 * 2**20 and 0 < entries < 5000
    assert growth < 2**20, f"RSS grew {growth} bytes for a cache of {size} in {entries} entries"


def test_a_304_from_the_cache_carries_every_header_but_the_body_s(db_path):
    client = cached_app(db_path).test_client()
    from_flask = cached_app(db_path, TIMELINE_RESPONSE_CACHE=False).test_client()
    origin = {"Origin": "https://newsroom.example"}
    for url in ("/tags", "/events?limit=2", "/events/two-sessions-2024", "/exports/events.csv"):
        ok = client.get(url, headers=origin)
        conditional = {**origin, "If-None-Match": ok.headers["ETag"]}
        computed = from_flask.get(url, headers=conditional)
        replayed = client.get(url, headers=conditional)
        assert computed.status_code == replayed.status_code == 304
        per_request = {"Date", "X-Request-ID"}
        expected = {(k, v) for k, v in computed.headers.items() if k not in per_request}
        assert expected <= set(replayed.headers.items()), url
        assert set(computed.headers.keys()) <= set(replayed.headers.keys()), url
        for header in (
            "Content-Security-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Access-Control-Allow-Origin",
            "ETag",
            "Cache-Control",
        ):
            assert header in replayed.headers, (url, header)


def test_origin_does_not_split_the_cache_when_answers_do_not_vary_by_it(db_path):
    app = cached_app(db_path)
    client = app.test_client()
    for number in range(20):
        client.get("/tags", headers={"Origin": f"https://site{number}.example"})
    client.get("/tags")
    assert len(app.extensions["timeline_response_cache"]) == 1


def test_with_listed_origins_each_gets_its_own_cors_answer(db_path):
    app = cached_app(db_path, TIMELINE_CORS_ORIGINS=["https://a.example", "https://b.example"])
    client = app.test_client()
    for origin in ["https://a.example", "https://evil.example", "https://b.example"] * 2:
        allowed = client.get("/tags", headers={"Origin": origin}).headers.get(
            "Access-Control-Allow-Origin"
        )
        assert allowed == (None if "evil" in origin else origin)
    for number in range(20):
        client.get("/tags", headers={"Origin": f"https://other{number}.example"})
    assert len(app.extensions["timeline_response_cache"]) == 3


# Found in review (branch review-r3), present since before ad472fc: the key named an Origin
# only if TIMELINE_CORS_ORIGINS listed it verbatim, but flask-cors matches origins in any
# letter case and reads an entry such as ``https://.*\.example`` as a pattern, and echoes
# the request's Origin; every other Origin shared one entry, so the first echo was replayed.


def test_each_origin_a_listed_pattern_allows_is_told_it_is_allowed(db_path):
    client = cached_app(db_path, TIMELINE_CORS_ORIGINS=[r"https://.*\.example"]).test_client()
    for origin in ["https://a.example", "https://b.example"]:
        allowed = client.get("/tags", headers={"Origin": origin}).headers.get(
            "Access-Control-Allow-Origin"
        )
        assert allowed == origin


@settings(max_examples=examples(20), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    origin=st.tuples(*(st.sampled_from([c, c.upper()]) for c in "https://a.example"))
    .map("".join)
    .filter(lambda origin: origin != "https://a.example")
)
def test_an_origin_in_capitals_leaves_what_the_cache_tells_others_as_it_was(db_path, origin):
    cached, plain = clients_listing(str(db_path), ("https://a.example",))
    cached.get("/tags", headers={"Origin": origin})
    for headers in ({}, {"Origin": "https://evil.example"}):
        told = cached.get("/tags", headers=headers).headers.get("Access-Control-Allow-Origin")
        assert told == plain.get("/tags", headers=headers).headers.get(
            "Access-Control-Allow-Origin"
        )


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    origins=st.lists(
        st.sampled_from(["https://a.example", r"https://.*\.example", "HTTPS://B.EXAMPLE"]),
        min_size=1,
        max_size=2,
        unique=True,
    ),
    sent=st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(["https://a.example", "https://A.example", "https://b.example"]),
            st.sampled_from(["https://evil.example", "http://a.example", "null", ""]),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_a_cached_answer_tells_each_origin_what_flask_cors_tells_it(db_path, origins, sent):
    """Any listed origins and patterns, any order of Origins: the cache's answer carries the
    CORS headers the uncached app gives the same request."""
    cached, plain = clients_listing(str(db_path), tuple(origins))
    for origin in sent:
        headers = {} if origin is None else {"Origin": origin}
        got, expected = cached.get("/tags", headers=headers), plain.get("/tags", headers=headers)
        for name in ("Access-Control-Allow-Origin", "Vary"):
            assert got.headers.get(name) == expected.headers.get(name), (origin, name)


@functools.cache
def clients_listing(db_path: str, origins: tuple[str, ...]):
    """Clients of the app with and without the cache, listing ``origins`` (built once per
    database and list: hypothesis runs many examples on the test's one file)."""
    settings_ = {"TIMELINE_CORS_ORIGINS": list(origins)}
    cached = cached_app(db_path, **settings_).test_client()
    plain = cached_app(db_path, TIMELINE_RESPONSE_CACHE=False, **settings_).test_client()
    return cached, plain
