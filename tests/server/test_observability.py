"""Metrics and request logs under the real server: gunicorn, two worker processes.

Counters must add up over every worker (prometheus-client's multiprocess files), stay
bounded whatever URLs arrive, and survive a worker's death; the request log must hold one
line per request and never a token, a cookie or a request body.
"""

import http.client
import json
import os
import re
import signal
import time
import urllib.parse

import pytest
from prometheus_client.multiprocess import MultiProcessCollector

from service.observability.observed_requests import FLUSH_SECONDS
from tests.helpers import ACCESS_LINE, TOKEN, Server, log_unescaped

pytestmark = pytest.mark.slow

COOKIE_SECRET = "cookie-secret-5d41402abc4b2a76"
BODY_SECRET = "body-secret-7215ee9c7d9dc229"
EVENT = "/events/two-sessions-2024"
EVENT_ROUTE = "/events/{event_id}"


def send(server: Server, method: str, path: str, *, body=None, headers=None):
    """One request on its own connection (so the workers share the load): status, headers,
    body."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        data = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, body=data, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def scrape(server: Server) -> str:
    status, _, body = send(server, "GET", "/metrics")
    assert status == 200
    return body.decode()


def series(text: str) -> list[str]:
    return sorted(line.rsplit(" ", 1)[0] for line in text.splitlines() if line[:1] not in ("", "#"))


def value(text: str, name: str, **labels) -> float:
    found = values(text, name, **labels)
    assert len(found) == 1, (name, labels, found)
    return found[0]


def values(text: str, name: str, **labels) -> list[float]:
    wanted = [f'{key}="{label}"' for key, label in labels.items()]
    return [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if re.match(rf"{name}[{{ ]", line) and all(label in line for label in wanted)
    ]


@pytest.fixture
def metered(tmp_path):
    """Metrics on, in a directory of our choosing so the test can look at its files."""
    metrics_dir = tmp_path / "metrics"
    server = Server(
        tmp_path / "timeline.db",
        environment={"TIMELINE_METRICS": "on", "TIMELINE_METRICS_DIR": str(metrics_dir)},
    ).start()
    try:
        yield server, metrics_dir
    finally:
        server.stop()


def test_counters_add_up_over_every_worker_and_outlive_dead_ones(metered):
    server, metrics_dir = metered
    for _ in range(30):
        assert send(server, "GET", EVENT)[0] == 200
    counted_eventually(server, 30)
    first_workers = worker_pids(metrics_dir)
    for pid in first_workers:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while any((metrics_dir / f"gauge_livesum_{pid}.db").exists() for pid in first_workers):
        assert time.monotonic() < deadline, "a dead worker's live gauges were not removed"
        time.sleep(0.1)
    server.wait_until_healthy()
    for _ in range(30):
        assert send(server, "GET", EVENT)[0] == 200
    assert worker_pids(metrics_dir) > first_workers
    text = counted_eventually(server, 60)
    assert value(text, "timeline_http_request_duration_seconds_count", route=EVENT_ROUTE) == 60
    events = json.loads(send(server, "GET", "/healthz")[2])["events"]
    assert value(text, "timeline_events") == events


def settled_series(server: Server) -> list[str]:
    """The series once two scrapes in a row agree. Workers write what they counted every
    FLUSH_SECONDS, so the scrapes are further apart than that."""
    previous, deadline = None, time.monotonic() + 20
    while True:
        current = series(scrape(server))
        if current == previous or time.monotonic() > deadline:
            return current
        previous = current
        time.sleep(FLUSH_SECONDS * 1.5)


def counted_eventually(server: Server, answers: int) -> str:
    """A scrape once ``answers`` answers of EVENT are counted, by the request counter and by
    the latency histogram alike. Workers write what they counted four times a second, the two one
    after the other, so a scrape may come before a worker's last batch or between the two."""
    deadline = time.monotonic() + 10
    while True:
        text = scrape(server)
        counted = (  # no series yet while no worker that served them has flushed
            sum(values(text, "timeline_http_requests_total", route=EVENT_ROUTE)),
            sum(values(text, "timeline_http_request_duration_seconds_count", route=EVENT_ROUTE)),
        )
        if counted == (answers, answers) or time.monotonic() > deadline:
            assert counted == (answers, answers)
            return text
        time.sleep(0.05)


def worker_pids(metrics_dir) -> set[int]:
    """The workers that have written metrics: their files are named by process id."""
    return {int(path.stem.rsplit("_", 1)[1]) for path in metrics_dir.glob("counter_*.db")}


def test_a_restart_starts_the_counts_afresh(metered, tmp_path):
    server, metrics_dir = metered
    send(server, "GET", EVENT)
    server.stop()
    assert list(metrics_dir.glob("counter_*.db")), "the configured directory is kept"
    server.start()
    assert "/events/{event_id}" not in scrape(server)


def test_a_thousand_distinct_urls_add_no_series(metered):
    server, _ = metered
    families = [
        lambda n: ("GET", f"/events?q=word{n}&limit={n % 100 + 1}"),
        lambda n: ("GET", f"/events/no-such-event-{n}"),
        lambda n: ("GET", f"/tags/tag-{n}?{urllib.parse.urlencode({'x': n})}"),
        lambda n: ("GET", f"/nowhere/{n}/at/all"),
        lambda n: ("GET", f"/events?from=2024-13-{n}"),
        lambda n: (f"BREW{n}", f"/events/{n}"),
        lambda n: ("GET", f"/static/timeline.css?v={n}"),
        lambda n: ("DELETE", f"/events/no-such-event-{n}"),
    ]
    for family in families:
        send(server, *family(0))
    before = settled_series(server)
    for n in range(1, 1001):
        send(server, *families[n % len(families)](n))
    assert settled_series(server) == before
    assert (
        value(scrape(server), "timeline_http_requests_total", route="unmatched", method="GET") > 100
    )


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_no_token_cookie_or_body_reaches_any_log_line(tmp_path, log_format):
    output = tmp_path / "server.log"
    server = Server(
        tmp_path / "timeline.db",
        environment={"TIMELINE_LOG_FORMAT": log_format, "TIMELINE_METRICS": "token"},
        output=output,
    ).start()
    secrets = {"Authorization": f"Bearer {TOKEN}", "Cookie": f"session={COOKIE_SECRET}"}
    event = {
        "id": "a-logged-write",
        "title": BODY_SECRET,
        "summary": f"A write whose body must stay out of the logs: {BODY_SECRET}.",
        "date": "2024-04-01",
        "tags": ["migration"],
        "source": "asianews-2024-us-china-repatriation",
    }
    try:
        requests = [
            ("POST", "/events", event, {**secrets, "Content-Type": "application/json"}),
            ("PUT", "/events/a-logged-write", {**event, "id": None}, secrets),
            ("GET", "/events/a-logged-write", None, secrets),
            ("GET", "/metrics", None, secrets),
            ("DELETE", "/events/a-logged-write", None, secrets),
            ("GET", "/events?limit=2", None, {"traceparent": TRACEPARENT, **secrets}),
        ]
        statuses = []
        for number, (method, path, body, headers) in enumerate(requests):
            headers = {**headers, "X-Request-ID": f"logged-{number}"}
            statuses.append(send(server, method, path, body=body, headers=headers)[0])
        assert statuses[0] == 201 and statuses[2:] == [200, 200, 204, 200]
    finally:
        server.stop()
    lines = output.read_text().splitlines()
    for line in lines:
        for secret in (TOKEN, COOKIE_SECRET, BODY_SECRET):
            assert secret not in line
    for number in range(len(requests)):
        assert sum(f"logged-{number}" in line for line in lines) == 1
    if log_format == "json":
        logged = [json.loads(line) for line in lines if line.startswith("{")]
        by_id = {record["request_id"]: record for record in logged}
        assert by_id["logged-0"]["route"] == "/events" and by_id["logged-0"]["status"] == 201
        assert by_id["logged-5"]["trace_id"] == TRACE and by_id["logged-5"]["bytes"] > 0
        assert not [line for line in lines if '"GET /' in line], "gunicorn's text log is off"


def test_answers_just_before_a_stop_are_all_logged_and_counted(tmp_path):
    """Workers hold their answers for a while (FLUSH_SECONDS) before writing them; one that is
    stopped (TERM) writes what it holds before it exits."""
    output, metrics_dir = tmp_path / "server.log", tmp_path / "metrics"
    server = Server(
        tmp_path / "timeline.db",
        environment={
            "TIMELINE_LOG_FORMAT": "json",
            "TIMELINE_METRICS": "on",
            "TIMELINE_METRICS_DIR": str(metrics_dir),
        },
        output=output,
    ).start()
    try:
        for number in range(200):
            status, _, _ = send(server, "GET", EVENT, headers={"X-Request-ID": f"last-{number}"})
            assert status == 200
    finally:
        server.stop()
    logged = [json.loads(line) for line in output.read_text().splitlines() if line[:1] == "{"]
    ids = [record["request_id"] for record in logged if record["route"] == EVENT_ROUTE]
    assert sorted(ids) == sorted(f"last-{number}" for number in range(200))
    counted = MultiProcessCollector.merge([str(path) for path in metrics_dir.glob("*.db")])
    answers = [
        sample.value
        for family in counted
        for sample in family.samples
        if sample.name == "timeline_http_requests_total" and sample.labels["route"] == EVENT_ROUTE
    ]
    assert answers == [200]


TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE}-00f067aa0ba902b7-01"


# User-Agent and Referer values a client can send through the real HTTP parser, each trying to
# close its quotes, add fields, or hide bytes the line would not show.
HOSTILE_HEADERS = [
    'curl/8" 500 0 "-" "forged',
    "ends with a backslash\\",
    '\\" 200 1 "-" "\\',
    "tab\there and\tthere",
    "obs-text \xe9\xff\x80",  # (a DEL the front refuses with a 400 before any log)
    '"',
    "",
]


def test_the_text_log_writes_any_user_agent_and_referer_inside_their_own_quotes(tmp_path):
    output = tmp_path / "server.log"
    server = Server(
        tmp_path / "timeline.db", environment={"TIMELINE_LOG_FORMAT": "text"}, output=output
    ).start()
    try:
        for number, hostile in enumerate(HOSTILE_HEADERS):
            headers = {
                "User-Agent": hostile,
                "Referer": hostile[::-1],
                "X-Request-ID": f"ua-{number}",
            }
            assert send(server, "GET", '/events?q="x"\\', headers=headers)[0] in (200, 400)
    finally:
        server.stop()
    lines = [line for line in output.read_text(encoding="latin-1").splitlines() if " ua-" in line]
    by_id = {}
    for line in lines:
        parsed = ACCESS_LINE.fullmatch(line)
        assert parsed is not None, line
        by_id[parsed.group(8)] = parsed
    for number, hostile in enumerate(HOSTILE_HEADERS):
        parsed = by_id[f"ua-{number}"]
        assert log_unescaped(parsed.group(6)) == hostile
        assert log_unescaped(parsed.group(5)) == hostile[::-1]
        assert log_unescaped(parsed.group(2)).startswith('GET /events?q="x"\\ HTTP/')
