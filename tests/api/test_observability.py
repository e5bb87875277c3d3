"""Request ids on every answer and problem, metrics by route template, one JSON log line
per request: in process (the real server is in tests/server/test_observability.py).

An answer is recorded when the server closes its body, which the test client does at once
only with ``buffered=True``, and written out in batches: a scrape writes its own process's
first, and the log is written when the app flushes (every ``FLUSH_SECONDS``, or ``flush()``)."""

import json
import os
import re
import subprocess
import sys

import pytest

from service.app import create_app
from tests.helpers import TOKEN

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE}-00f067aa0ba902b7-01"


def app_with(db_path, **settings):
    return create_app({"TIMELINE_DB": str(db_path), "TIMELINE_API_TOKEN": TOKEN, **settings})


def test_every_answer_names_its_request_and_a_sane_id_sent_is_kept(client):
    sent = client.get("/events?limit=1", headers={"X-Request-ID": "lb-7f3a.42"})
    assert sent.headers["X-Request-ID"] == "lb-7f3a.42"
    ids = {client.get("/events?limit=1").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3
    forged = client.get("/healthz", headers={"X-Request-ID": "x;Set-Cookie: a=b"})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-ID"])


def test_every_problem_quotes_the_request_id(client, auth):
    answers = [
        client.get("/events?from=2024-13", headers={"X-Request-ID": "mine-1"}),
        client.get("/no/such/page", headers={"X-Request-ID": "mine-2"}),
        client.post("/events", json={}, headers={"X-Request-ID": "mine-3"}),
        client.post("/events", data="{", headers={**auth, "X-Request-ID": "mine-4"}),
        client.delete("/events/nope", headers={**auth, "X-Request-ID": "mine-5"}),
    ]
    for number, answer in enumerate(answers, start=1):
        assert answer.mimetype == "application/problem+json"
        assert answer.get_json()["request_id"] == answer.headers["X-Request-ID"] == f"mine-{number}"


def test_metrics_are_off_by_default(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_count_requests_by_route_template_method_and_status(db_path):
    client = app_with(db_path, TIMELINE_METRICS="on").test_client()
    for event_id in ("two-sessions-2024", "pelosi-visits-taiwan-2022", "no-such-event"):
        client.get(f"/events/{event_id}", buffered=True)
    client.get("/events?limit=1", buffered=True)
    client.get("/events?limit=1", buffered=True)  # from the response cache
    text = client.get("/metrics").get_data(as_text=True)
    assert (
        sample(text, "timeline_http_requests_total", route="/events/{event_id}", status="200") == 2
    )
    assert (
        sample(text, "timeline_http_requests_total", route="/events/{event_id}", status="404") == 1
    )
    assert sample(text, "timeline_http_requests_total", route="/events", status="200") == 2
    assert sample(text, "timeline_http_request_duration_seconds_count", route="/events") == 2
    assert sample(text, "timeline_response_cache_hits_total") == 1
    assert sample(text, "timeline_response_cache_bytes") > 0
    assert sample(text, "timeline_events") == client.get("/healthz").get_json()["events"]
    assert sample(text, "timeline_data_revision") > 0
    assert 'sqlite_version="' in text and "timeline_build_info{" in text
    assert "two-sessions" not in text and "limit" not in text


def test_metrics_with_token_need_a_write_token(db_path):
    client = app_with(db_path, TIMELINE_METRICS="token").test_client()
    refused = client.get("/metrics")
    assert refused.status_code == 401 and refused.mimetype == "application/problem+json"
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    allowed = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert allowed.status_code == 200 and allowed.mimetype == "text/plain"
    assert "no-store" in allowed.headers["Cache-Control"]


def test_a_metrics_mode_that_cannot_work_stops_the_start(db_path):
    with pytest.raises(ValueError, match="TIMELINE_METRICS"):
        create_app({"TIMELINE_DB": str(db_path), "TIMELINE_METRICS": "token"})


def test_a_json_log_line_per_request_with_route_revision_cache_and_trace(db_path, capfd):
    client = app_with(db_path, TIMELINE_LOG_FORMAT="json").test_client()
    capfd.readouterr()
    headers = {"X-Request-ID": "trace-me", "traceparent": TRACEPARENT}
    client.get("/events/two-sessions-2024?x=1", headers=headers, buffered=True)
    client.get("/events/two-sessions-2024?x=1", headers=headers, buffered=True)
    client.get("/nowhere", buffered=True)
    client.application.extensions["timeline_observed_requests"].flush()
    first, again, unmatched = [json.loads(line) for line in capfd.readouterr().out.splitlines()]
    assert first.keys() >= {"time", "method", "path", "status", "duration_ms", "bytes"}
    assert first["route"] == again["route"] == "/events/{event_id}"
    assert first["path"] == "/events/two-sessions-2024"
    assert (first["status"], first["request_id"], first["trace_id"]) == (200, "trace-me", TRACE)
    assert (first["cache_hit"], again["cache_hit"]) == (False, True)
    assert first["bytes"] == again["bytes"] > 500 and first["revision"] > 0
    assert (unmatched["route"], unmatched["status"]) == ("unmatched", 404)


def test_a_scrape_while_a_worker_creates_its_metric_files_is_answered(db_path, tmp_path):
    """A worker creates each metric file empty and sizes it just after; a scrape in between
    (a new worker starting on a loaded machine) once answered 500 (struct.error)."""
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    worker = "from prometheus_client import Counter; Counter('timeline_probe', 'x').inc(3)"
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    subprocess.run([sys.executable, "-c", worker], env=environment, check=True)
    (metrics_dir / "counter_4242.db").touch()  # a starting worker's file, not yet sized
    app = app_with(db_path, TIMELINE_METRICS="on", PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    answer = app.test_client().get("/metrics")
    assert answer.status_code == 200
    assert sample(answer.get_data(as_text=True), "timeline_probe_total") == 3


def sample(text: str, name: str, **labels) -> float:
    """The value of the one series of ``name`` whose labels include ``labels``."""
    found = []
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}(?:\{{(.*)\}})? (\S+)", line)
        if match and all(
            f'{key}="{value}"' in (match.group(1) or "") for key, value in labels.items()
        ):
            found.append(float(match.group(2)))
    assert len(found) == 1, (name, labels, found)
    return found[0]
