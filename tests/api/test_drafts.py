"""``POST /drafts``: any text in, its dates out; nothing written, no token, its own limits."""

import contextlib

import pytest

from service.app import create_app
from service.drafts.drafting import DRAFT_MAX_BODY_BYTES
from service.drafts.slots import draft_slot
from service.files.db import ensure_database
from tests.helpers import ARTICLE, problem_of

TEXT = "Talks resumed two weeks ago. The next round will be held in May; nobody met last summer."


def _draft(client, **body):
    return client.post("/drafts", json={"text": TEXT, "published": "2024-04-08", **body})


def test_a_draft_lists_every_expression_in_text_order_with_its_date(client):
    answer = _draft(client, source="talks-2024")
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["published"], body["source"], body["length"]) == ("2024-04-08", "talks-2024", 88)
    phrases = [(e["phrase"], e["kind"]) for e in body["expressions"]]
    assert phrases == [
        ("two weeks ago", "duration-anchored"),
        ("May", "partial"),
        ("last summer", "unsupported"),
    ]
    weeks, may, summer = body["expressions"]
    assert weeks["date"] == {
        "date": "2024-03-25~",
        "start": "2024-03-25",
        "end": "2024-03-25",
        "precision": "day",
        "approximate": True,
        "uncertain": False,
        "in_words": "about 25 March 2024",
    }
    assert TEXT[weeks["span"]["start"] : weeks["span"]["end"]] == "two weeks ago"
    assert weeks["sentence"] == {"start": 0, "end": 28}
    assert "2024-04-08" in weeks["resolved_from"] and weeks["reason"] is None
    assert may["date"]["date"] == "2024-05" and "future" in may["resolved_from"]
    assert summer["date"] is None and "season" in summer["reason"]
    assert [(e["timex_type"], e["timex_value"]) for e in body["expressions"]][:2] == [
        ("DATE", "2024-03-25"),
        ("DATE", "2024-05"),
    ]


def test_plain_text_takes_the_publication_day_from_the_query(client):
    article = ARTICLE.read_bytes()
    answer = client.post(
        "/drafts?published=2024-04-08&source=asianews", data=article, content_type="text/plain"
    )
    body = answer.get_json()
    assert answer.status_code == 200 and body["source"] == "asianews"
    assert body["length"] == len(article.decode())
    assert "2024-03-25~" in [e["date"]["date"] for e in body["expressions"] if e["date"]]


def test_plain_text_without_a_publication_day_is_422_naming_it(client):
    answer = client.post("/drafts", data="Two days ago.", content_type="text/plain")
    assert problem_of(answer, 422)["errors"][0]["parameter"] == "published"


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"text": "Two days ago."}, "/published"),
        ({"text": "Two days ago.", "published": "2024-02-30"}, "/published"),
        ({"text": "", "published": "2024-04-08"}, "/text"),
        ({"text": 3, "published": "2024-04-08"}, "/text"),
        ({"text": "x", "published": "2024-04-08", "source": "Not A Slug"}, "/source"),
        ({"text": "x", "published": "2024-04-08", "extra": 1}, "/extra"),
    ],
)
def test_a_bad_json_body_is_422_naming_the_member(client, body, pointer):
    answer = client.post("/drafts", json=body)
    assert pointer in [e["pointer"] for e in problem_of(answer, 422)["errors"]]


def test_other_bodies_are_refused(client):
    assert problem_of(client.post("/drafts", data="<a/>", content_type="text/xml"), 415)
    malformed = client.post("/drafts", data="{", content_type="application/json")
    assert problem_of(malformed, 400)
    latin1 = client.post(
        "/drafts?published=2024-04-08", data="févr".encode("latin-1"), content_type="text/plain"
    )
    assert "not UTF-8" in problem_of(latin1, 415)["detail"]


@pytest.mark.parametrize("app_limit", [1_000, 10_000_000])
def test_the_body_limit_is_100_kb_whatever_the_app_limit(db_path, app_limit):
    client = create_app(
        {"TESTING": True, "TIMELINE_DB": str(db_path), "MAX_CONTENT_LENGTH": app_limit}
    ).test_client()
    fits = "Prices rose last year. " * (DRAFT_MAX_BODY_BYTES // 24)
    answer = client.post("/drafts?published=2024-04-08", data=fits, content_type="text/plain")
    assert answer.status_code == 200 and len(answer.get_json()["expressions"]) > 4000
    too_big = "x" * (DRAFT_MAX_BODY_BYTES + 1)
    refused = client.post("/drafts?published=2024-04-08", data=too_big, content_type="text/plain")
    assert str(DRAFT_MAX_BODY_BYTES) in problem_of(refused, 413)["detail"]


def test_a_draft_needs_no_token_and_writes_nothing(client):
    before = client.get("/events?limit=100").get_json()
    assert _draft(client).status_code == 200  # the app has a token; none is sent
    assert client.get("/events?limit=100").get_json() == before
    assert problem_of(client.post("/events", json={}), 401)


def test_a_read_only_replica_drafts_but_still_refuses_writes(db_path):
    ensure_database(db_path)
    replica = create_app({"TIMELINE_DB": str(db_path), "TIMELINE_READ_ONLY": True}).test_client()
    assert _draft(replica).status_code == 200
    assert (
        replica.post("/drafts/page", data={"text": TEXT, "published": "2024-04-08"}).status_code
        == 200
    )
    assert problem_of(replica.post("/events", json={}), 405)


def test_a_draft_beyond_the_workers_slots_is_429_with_retry_after(app, client):
    with app.app_context(), contextlib.ExitStack() as held:
        for _ in range(app.config["TIMELINE_DRAFTS_AT_ONCE"]):
            held.enter_context(draft_slot())
        busy = _draft(client)
        assert problem_of(busy, 429)["detail"].startswith("this server is already drafting")
        assert busy.headers["Retry-After"] == "1"
    assert _draft(client).status_code == 200
