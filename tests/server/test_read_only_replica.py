"""A read-only replica under gunicorn: serves a copy of the database, refuses writes."""

import json
import urllib.error
import urllib.request

import pytest

from service.files.db import ensure_database
from tests.helpers import TOKEN, Server

pytestmark = pytest.mark.slow


@pytest.fixture
def replica(tmp_path):
    database = tmp_path / "copy-of-primary.db"
    ensure_database(database)
    server = Server(database, environment={"TIMELINE_READ_ONLY": "1"}).start()
    try:
        yield server.url
    finally:
        server.stop()


def test_a_replica_serves_reads_and_refuses_writes_over_http(replica):
    with urllib.request.urlopen(f"{replica}/events?limit=2", timeout=5) as response:
        assert response.status == 200 and len(json.loads(response.read())["items"]) == 2
    request = urllib.request.Request(
        f"{replica}/events",
        method="POST",
        data=b"{}",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=5)
    assert error.value.code == 405
    assert error.value.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert error.value.headers["Content-Type"] == "application/problem+json"


def test_a_replica_drafts_a_text_over_http(replica):
    """POST /drafts writes nothing, so a replica under gunicorn answers it."""
    request = urllib.request.Request(
        f"{replica}/drafts?published=2024-04-08",
        method="POST",
        data=b"Talks resumed two weeks ago.",
        headers={"Content-Type": "text/plain"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        [expression] = json.loads(response.read())["expressions"]
    assert expression["date"]["date"] == "2024-03-25~"
