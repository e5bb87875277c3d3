"""gzip for clients that accept it: one strong ETag per coding, If-Match still on versions,
compressed answers kept by the response cache, and static files under hashed URLs."""

import gzip
import re

import pytest

from service.app import create_app

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
PAGE = "/events?limit=50"
EVENT = "/events/mayorkas-hopeful-on-nbc-news-2024"  # its document is over 1 KB


@pytest.fixture(params=[True, False], ids=["cache-on", "cache-off"])
def client(request, db_path):
    app = create_app(
        {"TIMELINE_DB": str(db_path), "TIMELINE_RESPONSE_CACHE": request.param}
        | {"TIMELINE_API_TOKEN": "t" * 16}
    )
    return app.test_client()


def test_a_client_that_accepts_gzip_gets_the_same_bytes_gzipped(client):
    for url in (PAGE, EVENT, "/", "/exports/events.csv", "/openapi.yaml"):
        plain, packed = client.get(url), client.get(url, headers=GZIP)
        assert packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.get_data()) == plain.get_data()
        assert len(packed.get_data()) < len(plain.get_data())
        assert int(packed.headers["Content-Length"]) == len(packed.get_data())
        assert "Content-Encoding" not in plain.headers
        for answer in (plain, packed):
            assert "Accept-Encoding" in answer.headers["Vary"]


def test_each_coding_has_its_own_strong_etag(client):
    for url in (PAGE, EVENT, "/"):
        plain, packed = client.get(url), client.get(url, headers=GZIP)
        assert plain.headers["ETag"] != packed.headers["ETag"]
        assert not packed.headers["ETag"].startswith("W/")


def test_if_none_match_holds_only_for_the_coding_it_was_sent_with(client):
    for url in (PAGE, EVENT):
        packed = client.get(url, headers=GZIP)
        again = client.get(url, headers={**GZIP, "If-None-Match": packed.headers["ETag"]})
        assert again.status_code == 304 and again.headers["ETag"] == packed.headers["ETag"]
        plain = client.get(url, headers={"If-None-Match": packed.headers["ETag"]})
        assert plain.status_code == 200 and "Content-Encoding" not in plain.headers


def test_if_match_with_the_gzipped_etag_names_the_event_version(client):
    etag = client.get(EVENT, headers=GZIP).headers["ETag"]
    assert etag.endswith('-gzip"')
    auth = {"Authorization": "Bearer " + "t" * 16}
    patch = {"Content-Type": "application/merge-patch+json", **auth}
    first = client.patch(
        EVENT, data='{"title": "Changed once"}', headers=patch | {"If-Match": etag}
    )
    assert first.status_code == 200
    stale = client.patch(EVENT, data='{"title": "Twice"}', headers=patch | {"If-Match": etag})
    assert stale.status_code == 412


def test_small_answers_and_refusing_clients_get_plain_bodies(client):
    assert "Content-Encoding" not in client.get("/healthz", headers=GZIP).headers
    refusing = client.get(PAGE, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refusing.headers


def test_a_repeated_gzipped_answer_is_the_same_bytes_and_etag(client):
    first, again = client.get(PAGE, headers=GZIP), client.get(PAGE, headers=GZIP)
    assert again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    head = client.head(PAGE, headers=GZIP)
    assert head.headers["ETag"] == first.headers["ETag"] and head.get_data() == b""


def test_the_cache_keeps_the_compressed_answer_and_replays_it_without_compressing(db_path):
    app = create_app({"TIMELINE_DB": str(db_path), "TIMELINE_METRICS": "on"})
    client = app.test_client()
    first = client.get(PAGE, headers=GZIP)
    calls = []
    compress = gzip.compress
    try:
        gzip.compress = lambda *args, **kwargs: calls.append(1) or compress(*args, **kwargs)
        again = client.get(PAGE, headers=GZIP)
    finally:
        gzip.compress = compress
    assert calls == [] and again.get_data() == first.get_data()
    assert metric(client, "timeline_response_cache_hits_total") == 1


def test_static_files_are_linked_with_their_content_hash_and_cached_for_a_year(client):
    page = client.get("/").get_data(as_text=True)
    (stylesheet,) = re.findall(r'href="(/static/timeline\.css\?v=[0-9a-f]{16})"', page)
    hashed = client.get(stylesheet, headers=GZIP)
    assert hashed.status_code == 200 and hashed.headers["Content-Encoding"] == "gzip"
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for stale in ("/static/timeline.css?v=0000000000000000", "/static/timeline.css"):
        assert "immutable" not in client.get(stale).headers["Cache-Control"]
    docs = client.get("/docs").get_data(as_text=True)
    assert re.search(r'src="/docs/assets/swagger-ui-bundle\.js\?v=[0-9a-f]{16}"', docs)


def metric(client, name: str) -> float:
    text = client.get("/metrics").get_data(as_text=True)
    return float(re.search(rf"^{name} (\S+)$", text, re.MULTILINE).group(1))
