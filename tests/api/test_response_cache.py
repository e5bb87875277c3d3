"""Answers keyed on the data's revision: a write anywhere changes the answer and its ETag."""

import pytest
from flask import Response
from flask.views import MethodView

from service.app import create_app
from service.http.response_cache import CachedAnswer, ResponseCache, entry_cost
from tests.helpers import retitle_first_event

URL = "/events?tag=economy&limit=3"


@pytest.fixture(params=[True, False], ids=["cache-on", "cache-off"])
def client(request, db_path):
    app = create_app({"TIMELINE_DB": str(db_path), "TIMELINE_RESPONSE_CACHE": request.param})
    return app.test_client()


def test_a_write_changes_the_answer_and_the_etag(client, db_path):
    before = client.get("/events?limit=3")
    assert client.get("/events?limit=3").get_data() == before.get_data()
    retitle_first_event(db_path, "Retitled")
    after = client.get("/events?limit=3")
    assert after.get_json()["items"][0]["title"] == "Retitled"
    assert after.headers["ETag"] != before.headers["ETag"]


def test_an_etag_from_before_a_write_no_longer_matches(client, db_path):
    etag = client.get(URL).headers["ETag"]
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304
    retitle_first_event(db_path, "Retitled")
    fresh = client.get(URL, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert client.get(URL, headers={"If-None-Match": fresh.headers["ETag"]}).status_code == 304


def test_the_304_carries_the_etag_and_cache_control(client):
    etag = client.get(URL).headers["ETag"]
    not_modified = client.get(URL, headers={"If-None-Match": etag})
    assert not_modified.headers["ETag"] == etag
    assert "max-age" in not_modified.headers["Cache-Control"]


def test_an_invalid_query_is_a_400_even_with_if_none_match_star(client):
    assert client.get("/events?from=K", headers={"If-None-Match": "*"}).status_code == 400


def test_different_urls_get_different_answers_and_etags(client):
    first, second = client.get(URL), client.get("/events?tag=trade&limit=3")
    assert first.get_data() != second.get_data()
    assert first.headers["ETag"] != second.headers["ETag"]


def test_a_cached_answer_is_the_fresh_one_header_for_header(client):
    headers = {"Origin": "https://a.example", "X-Request-ID": "same-request-id"}
    first = client.get(URL, headers=headers)
    again = client.get(URL, headers=headers)
    assert again.get_data() == first.get_data()
    assert sorted(again.headers.items()) == sorted(first.headers.items())
    assert client.head(URL).headers["ETag"] == first.headers["ETag"]
    assert client.head(URL).get_data() == b""


def test_a_cached_answer_still_answers_304_and_star(client):
    etag = client.get(URL).headers["ETag"]
    for if_none_match in (etag, "*", f'"other", {etag}'):
        not_modified = client.get(URL, headers={"If-None-Match": if_none_match})
        assert not_modified.status_code == 304 and not_modified.get_data() == b""
        assert not_modified.headers["ETag"] == etag


def test_a_cached_page_keeps_its_next_link(client):
    first = client.get("/events?limit=2")
    again = client.get("/events?limit=2")
    assert again.headers["Link"] == first.headers["Link"]
    assert again.get_json()["next"] == first.get_json()["next"]


def test_the_cache_evicts_the_least_recently_used_beyond_its_size():
    answer = CachedAnswer("200 OK", (), b"four", None)
    cache = ResponseCache(max_bytes=2 * entry_cost("a", answer) + 10)
    cache.put("a", answer)
    cache.put("b", answer)
    cache.get("a")
    cache.put("c", answer)
    assert cache.get("b") is None
    assert cache.get("a") == answer and cache.get("c") == answer
    cache.put("huge", CachedAnswer("200 OK", (), b"x" * cache.max_bytes, None))
    assert cache.get("huge") is None
    assert cache.size <= cache.max_bytes


def test_an_etag_the_view_sets_itself_is_kept(db_path):
    """Writes compare If-Match with an event's own version, so keyed ETags must not replace it."""
    app = create_app({"TIMELINE_DB": str(db_path)})

    class Versioned(MethodView):
        cache_responses = True

        def get(self):
            response = Response("{}", mimetype="application/json")
            response.set_etag("version-1")
            return response

    app.add_url_rule("/versioned", view_func=Versioned.as_view("versioned"))
    client = app.test_client()
    for _ in range(2):  # computed, then from the cache
        assert client.get("/versioned").headers["ETag"] == '"version-1"'
    not_modified = client.get("/versioned", headers={"If-None-Match": '"version-1"'})
    assert not_modified.status_code == 304
