"""Answers are counted and logged in batches (observability/observed_requests.py): a batch must
record exactly what one observation at a time would have, and write whole lines only."""

import json
import os
import re
import time

from hypothesis import example, given
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry, Histogram, generate_latest

from service.app import create_app
from service.observability.access_log import PIPE_BUF, JsonAccessLog
from service.observability.metrics import LATENCY_BUCKETS, Metrics
from service.observability.request_notes import Answer
from tests.helpers import TOKEN

ROUTES = ("/events", "/events/{event_id}", "unmatched")


def answer(route: str, seconds: float, cache_hit=None, method="GET", status="200 OK") -> Answer:
    return Answer(
        time.time(), seconds, method, route, "/p", status, 10, "id-1", None, cache_hit, None
    )


def histogram_lines(registry: CollectorRegistry) -> list[str]:
    """The latency histogram's samples, without the creation times (which differ)."""
    text = generate_latest(registry).decode()
    return sorted(
        line
        for line in text.splitlines()
        if line.startswith("timeline_http_request_duration_seconds") and "_created" not in line
    )


latencies = st.lists(
    st.tuples(
        st.sampled_from(ROUTES),
        st.one_of(
            st.sampled_from([0.0, *LATENCY_BUCKETS]),  # on a bound: that bucket, not the next
            st.floats(min_value=0, max_value=30, allow_nan=False),
        ),
    ),
    max_size=60,
)


@given(latencies)
def test_a_batch_records_what_observing_one_at_a_time_records(observations):
    batched = Metrics(CollectorRegistry())
    batched.count([answer(route, seconds) for route, seconds in observations])
    one_at_a_time = CollectorRegistry()
    histogram = Histogram(
        "timeline_http_request_duration_seconds",
        "Time from receiving a request to the last byte of its answer, by route template.",
        ["route"],
        buckets=LATENCY_BUCKETS,
        registry=one_at_a_time,
    )
    for route, seconds in observations:
        histogram.labels(route).observe(seconds)
    assert histogram_lines(batched.registry) == histogram_lines(one_at_a_time)


def test_a_batch_counts_requests_by_status_and_method_and_cache_hits_and_misses():
    metrics = Metrics(CollectorRegistry())
    metrics.count(
        [
            answer("/events", 0.001, cache_hit=True),
            answer("/events", 0.001, cache_hit=True),
            answer("/events", 0.002, cache_hit=False),
            answer("/events/{event_id}", 0.001, status="404 NOT FOUND"),
            answer("unmatched", 0.001, method="BREW"),
        ]
    )
    text = generate_latest(metrics.registry).decode()
    assert 'route="/events",status="200"} 3.0' in text
    assert 'method="GET",route="/events/{event_id}",status="404"} 1.0' in text
    assert 'method="OTHER",route="unmatched",status="200"} 1.0' in text
    assert "timeline_response_cache_hits_total 2.0" in text
    assert "timeline_response_cache_misses_total 1.0" in text


paths = st.text(max_size=1500).map(lambda text: "/" + text)


@given(st.lists(paths, max_size=40))
def test_the_log_writes_whole_lines_of_at_most_pipe_buf_bytes(sent_paths):
    """A pipe keeps a write of up to PIPE_BUF bytes whole: lines of several workers then
    never interleave."""
    written: list[bytes] = []
    log = JsonAccessLog(fd=-1)
    log._written = lambda chunk: written.append(bytes(chunk)) or True
    log.write([answer("/events", 0.001)._replace(path=path) for path in sent_paths])
    for chunk in written:
        assert chunk.endswith(b"\n") and len(chunk) <= PIPE_BUF
    lines = b"".join(written).splitlines()
    assert len(lines) == len(sent_paths)
    for line, sent in zip(lines, sent_paths, strict=True):
        logged = json.loads(line)["path"]
        assert logged == sent[:512] or "\\ud" in logged  # a lone surrogate, escaped


@given(st.text(max_size=2000), st.text(max_size=40))
@example("\x00" * 2000, "GET")  # 6 bytes each in JSON
@example("\ud800" * 600, "\x01" * 40)
def test_any_path_or_method_makes_one_line_a_pipe_writes_whole(path, method):
    """Hostile paths: control characters take 6 bytes each in JSON, and lone surrogates are
    not JSON at all; neither may split a line or lose it."""
    written: list[bytes] = []
    log = JsonAccessLog(fd=-1)
    log._written = lambda chunk: written.append(bytes(chunk)) or True
    log.write([answer("/events", 0.001)._replace(path="/" + path, method=method)])
    assert len(written) == 1 and len(written[0]) <= PIPE_BUF
    assert json.loads(written[0])["status"] == 200


def test_the_log_writes_one_line_per_answer_in_order(tmp_path):
    path = tmp_path / "log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        JsonAccessLog(fd).write([answer("/events", n / 1000) for n in range(500)])
    finally:
        os.close(fd)
    logged = [json.loads(line) for line in path.read_text().splitlines()]
    assert [record["duration_ms"] for record in logged] == [float(n) for n in range(500)]


def json_app(db_path):
    return create_app(
        {"TIMELINE_DB": str(db_path), "TIMELINE_API_TOKEN": TOKEN, "TIMELINE_LOG_FORMAT": "json"}
    )


def logged_request_ids(text: str) -> list[str]:
    return re.findall(r'"request_id":"([^"]+)"', text)


def test_answers_held_are_written_within_seconds_without_being_asked(db_path, capfd):
    client = json_app(db_path).test_client()
    capfd.readouterr()
    client.get("/healthz", headers={"X-Request-ID": "soon"}, buffered=True)
    written, deadline = "", time.monotonic() + 10
    while "soon" not in logged_request_ids(written) and time.monotonic() < deadline:
        time.sleep(0.1)
        written += capfd.readouterr().out
    assert logged_request_ids(written) == ["soon"]


def test_a_full_queue_is_written_by_the_request_that_fills_it(db_path, capfd, monkeypatch):
    monkeypatch.setattr("service.observability.observed_requests.MOST_HELD", 5)
    monkeypatch.setattr("service.observability.observed_requests.FLUSH_SECONDS", 3600)
    client = json_app(db_path).test_client()
    capfd.readouterr()
    for number in range(5):
        client.get("/healthz", headers={"X-Request-ID": f"r{number}"}, buffered=True)
    assert logged_request_ids(capfd.readouterr().out) == [f"r{n}" for n in range(5)]
