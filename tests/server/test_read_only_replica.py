"""A read-only replica under gunicorn: serves a copy of the database, refuses writes."""

import json
import os
import signal
import subprocess
import urllib.error
import urllib.request

import pytest

from service.db import ensure_database
from tests.server.conftest import TIMELINE, free_port, wait_until_healthy

pytestmark = pytest.mark.slow


@pytest.fixture
def replica(tmp_path):
    database = tmp_path / "copy-of-primary.db"
    ensure_database(database)
    port = free_port()
    env = {**os.environ, "TIMELINE_DB": str(database), "TIMELINE_READ_ONLY": "1"}
    process = subprocess.Popen(
        [str(TIMELINE), "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, process)
        yield base_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_a_replica_serves_reads_and_refuses_writes_over_http(replica):
    with urllib.request.urlopen(f"{replica}/events?limit=2", timeout=5) as response:
        assert response.status == 200 and len(json.loads(response.read())["items"]) == 2
    request = urllib.request.Request(f"{replica}/events", method="POST", data=b"{}")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=5)
    assert error.value.code == 405
    assert error.value.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert error.value.headers["Content-Type"] == "application/problem+json"
