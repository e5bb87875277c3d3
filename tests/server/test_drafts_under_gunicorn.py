"""POST /drafts through the deployed front: its 100,000-byte limit holds however the body
is framed, above the app-wide TIMELINE_MAX_BODY_BYTES (64 KiB by default)."""

import http.client
import json
from urllib.parse import urlencode, urlsplit

import pytest

from service.drafts.drafting import DRAFT_MAX_BODY_BYTES
from service.files.db import ensure_database
from tests.helpers import Server

pytestmark = pytest.mark.slow

TEXT = ("Prices rose two weeks ago. " * (90_000 // 27)).encode()  # 90,000 bytes: over 64 KiB


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = tmp_path_factory.mktemp("drafts") / "timeline.db"
    ensure_database(database)
    running = Server(database, workers=1).start()
    try:
        yield urlsplit(running.url)
    finally:
        running.stop()


def post(server, body, *, chunked: bool) -> tuple[int, dict]:
    connection = http.client.HTTPConnection(server.hostname, server.port, timeout=30)
    headers = {"Content-Type": "text/plain"}
    if chunked:
        pieces = (body[i : i + 8192] for i in range(0, len(body), 8192))
        connection.request(
            "POST", "/drafts?published=2024-04-08", pieces, headers, encode_chunked=True
        )
    else:
        connection.request("POST", "/drafts?published=2024-04-08", body, headers)
    response = connection.getresponse()
    answer = json.loads(response.read())
    connection.close()
    return response.status, answer


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_text_over_the_app_limit_but_within_100_kb_is_drafted_whole(server, chunked):
    status, answer = post(server, TEXT, chunked=chunked)
    assert status == 200 and answer["length"] == len(TEXT)
    assert len(answer["expressions"]) == len(TEXT) // 27


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_text_over_100_kb_is_413_however_it_is_sent(server, chunked):
    status, answer = post(server, b"x" * (DRAFT_MAX_BODY_BYTES + 1), chunked=chunked)
    assert status == 413 and str(DRAFT_MAX_BODY_BYTES) in answer["detail"]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_the_draft_pages_form_takes_its_characters_however_many_bytes_they_encode_to(
    server, chunked
):
    """20,000 CJK characters are 180 KB URL-encoded, over the 100,000-byte API limit: the
    page counts characters, and the front lets the form through whole."""
    text = "中国" * 10_000 + " Two weeks ago."
    body = urlencode({"text": text, "published": "2024-04-08"}).encode()
    connection = http.client.HTTPConnection(server.hostname, server.port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    pieces = (body[i : i + 8192] for i in range(0, len(body), 8192)) if chunked else body
    connection.request("POST", "/drafts/page", pieces, headers, encode_chunked=chunked)
    response = connection.getresponse()
    html = response.read().decode()
    connection.close()
    assert (response.status, response.getheader("Content-Type")) == (
        200,
        "text/html; charset=utf-8",
    )
    assert "about 25 March 2024" in html
