"""Cursors and Host headers a client forges: a 400 problem or a working page, never a 500."""

import base64
import json
from urllib.parse import parse_qs, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import examples, problem_of


def forged(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


FORGED_PAYLOADS = (
    [1, "date", "2024-13-45", "2024-13-45", "two-sessions-2024"],
    [1, "date", "2024-02-30", "2024-03-01", "two-sessions-2024"],
    [1, "date", "２０２４-０１-０１", "2024-01-01", "two-sessions-2024"],
    [1, "date", "٢٠٢٤-٠١-٠١", "2024-01-01", "two-sessions-2024"],
    [1, "date", "2024-03-02", "2024-03-01", "two-sessions-2024"],
    [1, "date", "2024-01-01", "2024-01-01", "two-sessions-2024\n"],
    [1, "date", "2024-01-01", "2024-01-01", "x" * 101],
    [1, "date", "2024-01-01", "2024-01-01", 7],
    [1, "newest", "2024-01-01", "2024-01-01", "a"],
    [2, "date", "2024-01-01", "2024-01-01", "a"],
    [True, "date", "2024-01-01", "2024-01-01", "a"],
    {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5},
    "12345",
    [1, "date", "2024-01-01"],
    10**400,
)
NOT_BASE64_JSON = ("%C3%A9", "====", "A", "ab%00cd", "%F0%9F%92%A9" * 4, "bnVsbA")


def test_a_forged_cursor_is_a_400_naming_the_cursor(client):
    tokens = [forged(payload) for payload in FORGED_PAYLOADS] + list(NOT_BASE64_JSON)
    for token in tokens:
        for sort in ("date", "-date"):
            body = problem_of(client.get(f"/events?sort={sort}&cursor={token}"), 400)
            assert body["errors"][0]["parameter"] == "cursor", token


@settings(max_examples=examples(80), deadline=None, suppress_health_check=list(HealthCheck))
@given(payload=st.recursive(st.none() | st.booleans() | st.integers() | st.text(), st.lists))
def test_any_json_as_a_cursor_is_a_page_or_a_400(client, payload):
    response = client.get(f"/events?cursor={forged(payload)}")
    assert response.status_code in (200, 400), response.data
    if response.status_code == 400:
        assert response.mimetype == "application/problem+json"


def test_the_cursor_the_service_issued_still_pages(client):
    first = client.get("/events?limit=5").get_json()
    cursor = parse_qs(urlsplit(first["next"]).query)["cursor"][0]
    second = client.get(f"/events?limit=5&cursor={cursor}").get_json()
    assert second["items"][0]["start"] >= first["items"][-1]["start"]


def dispatch(app, path: str, host: str):
    """The app's answer to ``path`` with this Host. (Flask's test client cannot send an
    ``xn--`` Host: it builds a URL from it and fails before the app runs.)"""
    with app.test_request_context(path, headers={"Host": host}):
        return app.full_dispatch_request()


def test_an_odd_but_valid_host_is_repeated_as_sent_in_links(app):
    for host in ["xn--", "xn--a.com", "xn--nxasmq6b.com", "-a", "a_b:8080", "[::1]:80"]:
        response = dispatch(app, "/events?limit=1", host)
        assert response.status_code == 200, host
        assert response.get_json()["next"].startswith(f"http://{host}/events?limit=1&cursor=")
        assert response.headers["Link"].startswith(f"<http://{host}/events?")
        calendar = dispatch(app, "/exports/events.ics", host).get_data().replace(b"\r\n ", b"")
        assert f"http://{host}/events/".encode() in calendar


def test_a_host_no_link_can_be_written_with_is_a_400(app):
    for host in ["a b", "é.com", "a/b", "a@b", "<x>", "a:b:c", "[zz]", "a:99999x", "a\tb"]:
        response = dispatch(app, "/events?limit=1", host)
        assert response.status_code == 400, host
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["errors"][0]["parameter"] == "Host"
