"""A corpus of hostile requests against real gunicorn: no 5xx, and every error is a problem.

Headers, paths, query strings, cursors and bodies as a hostile client sends them, over raw
sockets so that nothing is tidied on the way. Requests that are malformed HTTP are answered
by the server layer (uvicorn's parser, service/serving/) before the application runs; they
must not be a 5xx either, and its errors are problems too.
"""

import base64
import json
import socket
from dataclasses import dataclass
from urllib.parse import quote

import pytest

from tests.artifacts import record_figures
from tests.helpers import TOKEN, Server

pytestmark = pytest.mark.slow

PROBLEM_JSON = "application/problem+json"
# The timeline page answers bad filters with itself, saying what was wrong, as a 400 (the
# contract documents text/html there); every other error is a problem.
PAGES = {b"/", b"/timeline"}
HTML_PAGE = "text/html; charset=utf-8"
EVENT = "two-sessions-2024"
FTS = [
    '"',
    '"\x0b:\x1f\n',
    "x \x1f",
    '"\n',
    '"a\nb',
    "NEAR(a b",
    "a AND",
    "OR",
    "*",
    "^x",
    "title:x",
    '""',
    "(",
    ")",
    "-x",
    "\x1f",
    "\x00x",
    "a\"b'c",
    "NEAR/3",
    "{a b}",
    "😀",
    "\u202e",
    "x" * 3000,
]
VALUES = [
    "",
    " ",
    "%00",
    "%0A",
    "%ZZ",
    "%",
    "%C0%AF",
    "%ED%A0%80",
    "%FF%FE",
    "-1",
    "0",
    "1e9",
    "99999999999999999999999",
    "2024-13-45",
    "2024-02-30",
    "0000",
    "9999-12-31",
    "NaN",
    "null",
    "[]",
    "{}",
    "a" * 600,
    "%E2%80%AE",
    "..%2F..%2F",
    "<script>",
]


def forged_cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


CURSORS = [
    forged_cursor([1, "date", "2024-13-45", "2024-13-45", EVENT]),
    forged_cursor([1, "date", "٢٠٢٤-٠١-٠١", "2024-01-01", EVENT]),
    forged_cursor([1, "date", "2024-01-02", "2024-01-01", EVENT]),
    forged_cursor([1, "date", "2024-01-01", "2024-01-01", "x\n"]),
    forged_cursor([1, "-date", "0001-01-01", "9999-12-31", "a"]),
    forged_cursor([1, "date", "9999-12-31", "9999-12-31", "z"]),
    forged_cursor({"a": 1}),
    forged_cursor([10**400]),
    forged_cursor("x" * 400),
    "%FF%FF",
    "====",
    "A",
    "😀",
]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def exchange(port: int, raw: bytes) -> Answer:
    """Send ``raw`` as it is and read the answer to the end (every request closes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    if head.startswith(b"HTTP/1.1 100"):  # Expect: 100-continue, then the answer
        head, _, body = body.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(status_line.split()[1]), headers, body)


def request(method: str, target: str, headers=(), body: bytes = b"", host="127.0.0.1") -> bytes:
    """A well-formed HTTP/1.1 request; the target's spaces and non-ASCII are percent-encoded
    (raw, they would be malformed HTTP: see ``MALFORMED_HTTP``)."""
    lines = [f"{method} {quote(target, safe=TARGET_SAFE)} HTTP/1.1"]
    if host is not None:
        lines.append(f"Host: {host}")
    lines += [f"{name}: {value}" for name, value in headers]
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape") + body


TARGET_SAFE = "/?&=%:;@,+$!*'()[]#~<>{}|^`\"\\"
AUTH = ("Authorization", f"Bearer {TOKEN}")
JSON = ("Content-Type", "application/json")
PATCH = ("Content-Type", "application/merge-patch+json")


def corpus() -> list[tuple[str, bytes]]:
    """(what it is, the raw request) for every hostile request the application must answer."""
    cases = []
    paths = [
        "/events/%00",
        "/events/..%2F..%2Fetc%2Fpasswd",
        f"/events/{EVENT}%0A",
        "/events/" + "a" * 2000,
        "/events/%FF",
        "/%2e%2e/",
        "//events",
        "/events/tags",
        "/tags/%C0%AE",
        "/docs/../openapi.yaml",
        "/events/%E2%80%AE",
        "/events/x/history",
        "/exports/../events",
        "/histogram/",
        "/static/../../etc/passwd",
        "/static/%2e%2e%2fapp.py",
        "/events/%20",
        "/events//",
        "/events/%2F",
        "/events?",
        "/events#x",
        "/EVENTS",
        "/events;x=1",
        "/events/..",
        "/sources/%00",
        "/actors/" + quote("😀"),
        "/places/a%0Db",
        "/tags/a%09b",
        "/openapi.yaml/",
        "/docs/%ZZ",
        "/" + "x/" * 200,
    ]
    cases += [(f"path {path[:40]!r}", request("GET", path)) for path in paths]
    for parameter in [
        "from",
        "to",
        "q",
        "tag",
        "actor",
        "place",
        "relation",
        "sort",
        "limit",
        "cursor",
        "unknown",
    ]:
        cases += [
            (f"{parameter}={value[:20]!r}", request("GET", f"/events?{parameter}={value}"))
            for value in VALUES[:12]
        ]
    cases += [(f"q={text[:20]!r}", request("GET", "/events?q=" + quote(text))) for text in FTS]
    cases += [
        (f"q={text[:20]!r} on the page", request("GET", "/?q=" + quote(text))) for text in FTS[:6]
    ]
    cases += [
        (f"cursor {cursor[:20]}", request("GET", f"/events?cursor={cursor}")) for cursor in CURSORS
    ]
    cases += [
        (
            f"cursor {cursor[:20]} newest first",
            request("GET", f"/events?sort=-date&cursor={cursor}"),
        )
        for cursor in CURSORS
    ]
    for path in [
        "/histogram",
        "/exports/events.csv",
        "/exports/events.ics",
        "/exports/timelinejs.json",
        "/",
    ]:
        cases += [
            (f"{path}?{value[:20]!r}", request("GET", f"{path}?{value}"))
            for value in [
                "interval=week",
                "interval=month&from=0001&to=9999",
                "limit=5",
                "from=%00",
                "q=%22%0A",
                "tag=%0A",
                "cursor=x",
                "&&&",
                "=x",
                "from=9999&to=0001",
            ]
        ]
    hosts = [
        "xn--",
        "xn--a.com",
        "a b",
        "é.com".encode().decode("latin-1"),
        "a/b",
        "[zz]",
        "a:99999999",
        "",
        "x" * 300,
        "<script>",
        "a@b",
        "a:b:c",
        "..",
        "-",
    ]
    cases += [
        (f"Host {host[:20]!r}", request("GET", "/events?limit=1", host=host)) for host in hosts
    ]
    header_values = [
        ("If-None-Match", "garbage"),
        ("If-None-Match", "*"),
        ("If-None-Match", 'W/"x", "'),
        ("Origin", "null"),
        ("Origin", "https://evil.example"),
        ("Origin", "x" * 2000),
        ("Accept", "*/*;q=nan"),
        ("Accept-Encoding", "gzip;q=2, br, x" * 20),
        ("X-Forwarded-Proto", "javascript"),
        ("X-Forwarded-For", "not-an-ip"),
        ("X-Forwarded-Host", "evil.example"),
        ("Forwarded", "for=;;;"),
        ("SCRIPT_NAME", "/nope"),
        ("SCRIPT_NAME", "/events"),
        ("PATH_INFO", "/tags"),
        ("Range", "bytes=0-0,-1"),
        ("Cookie", "a=" + "b" * 3000),
        ("Authorization", "Bearer"),
        ("Authorization", "Bearer " + "x" * 5000),
        ("Authorization", "Basic Zm9vOmJhcg=="),
        ("Content-Type", "application/json; charset=utf-7"),
        ("Expect", "100-continue"),
    ]
    for name, value in header_values:
        cases.append(
            (
                f"GET with {name}: {value[:20]!r}",
                request(
                    "GET", "/events/tags" if name == "SCRIPT_NAME" else "/events", [(name, value)]
                ),
            )
        )
    bodies = [
        b"",
        b"null",
        b"[]",
        b"1",
        b'"x"',
        b"{",
        b"{}" * 10,
        b"[" * 5000 + b"]" * 5000,
        b'{"id": 1' + b"0" * 5000 + b"}",
        b'{"title": "\\ud800"}',
        b"\xff\xfe",
        b"\xed\xa0\x80",
        b'{"id": "x", "id": "y"}',
        b'{"date": NaN}',
        b'{"figures": [{"value": 1e999}]}',
        b'{"figures": [{"value": 18446744073709551616, "unit": "u", "counted": "c"}]}',
        b'{"id": "' + b"a" * 70000 + b'"}',
        b'{"title": "' + b"\\u0000" * 100 + b'"}',
        json.dumps(
            {
                "id": "new\n",
                "title": "t",
                "summary": "s",
                "date": "2024",
                "source": "asianews-2024-us-china-repatriation",
            }
        ).encode(),
    ]
    for body in bodies:
        cases.append(
            (f"POST /events {body[:20]!r}", request("POST", "/events", [AUTH, JSON], body))
        )
        cases.append(
            (
                f"PATCH event {body[:20]!r}",
                request("PATCH", f"/events/{EVENT}", [AUTH, PATCH], body),
            )
        )
        cases.append(
            (f"PUT tag {body[:20]!r}", request("PUT", "/tags/economy", [AUTH, JSON], body))
        )
    for if_match in ['W/"x"', '"abc', ",", "*,", "\x80", 'W/"a", "b" junk', '"a"\t,']:
        cases.append(
            (
                f"DELETE If-Match {if_match!r}",
                request("DELETE", f"/events/{EVENT}", [AUTH, ("If-Match", if_match)]),
            )
        )
        cases.append(
            (
                f"PATCH place If-Match {if_match!r}",
                request(
                    "PATCH",
                    "/places/vienna",
                    [AUTH, PATCH, ("If-Match", if_match)],
                    b'{"name": "Wien"}',
                ),
            )
        )
    for content_type in [
        "text/plain",
        "application/xml",
        "application/json-seq",
        "",
        "*/*",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
    ]:
        cases.append(
            (
                f"POST as {content_type!r}",
                request("POST", "/events", [AUTH, ("Content-Type", content_type)], b"{}"),
            )
        )
    for method in ["TRACE", "CONNECT", "PROPFIND", "OPTIONS", "HEAD", "PUT", "DELETE"]:
        cases.append((f"{method} /events", request(method, "/events", [AUTH])))
    return cases


MALFORMED_HTTP = [
    ("no version", b"GET /events\r\n\r\n"),
    ("bad method characters", b"G{T /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    ("space in target", b"GET /ev ents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    ("obsolete folding", b"GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\nConnection: close\r\n\r\n"),
    (
        "two Content-Lengths",
        b"POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
        b"Content-Length: 2\r\nConnection: close\r\n\r\nab",
    ),
    (
        "bad chunk size",
        b"POST /events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Connection: close\r\n\r\nzz\r\n",
    ),
    ("header without colon", b"GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\nConnection: close\r\n\r\n"),
    ("HTTP/9.9", b"GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n"),
    ("raw space in the target", b"GET /events?q=a b HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("raw UTF-8 in the target", "GET /events?cursor=😀 HTTP/1.1\r\nHost: x\r\n\r\n".encode()),
    ("DEL in a header value", b"DELETE /events/x HTTP/1.1\r\nHost: x\r\nIf-Match: \x7f\r\n\r\n"),
    (
        "very long line",
        b"GET /?" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ),
    (
        "very long header",
        b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 9000 + b"\r\nConnection: close\r\n\r\n",
    ),
    (
        "many headers",
        b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X: a\r\n" * 200 + b"Connection: close\r\n\r\n",
    ),
]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("hostile") / "timeline.db").start()
    try:
        yield server
    finally:
        server.stop()


def test_no_hostile_request_gets_a_5xx_and_every_error_is_a_problem(hostile_server):
    cases = corpus()
    assert len(cases) >= 200
    wrong, statuses = [], {}
    for what, raw in cases:
        answer = exchange(hostile_server.port, raw)
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
        content_type = answer.headers.get("content-type", "")
        expected = HTML_PAGE if raw.split(b"?")[0].split(b" ")[1] in PAGES else PROBLEM_JSON
        if answer.status >= 500 or (answer.status >= 400 and content_type != expected):
            wrong.append((what, answer.status, content_type, answer.body[:200]))
    record_figures("hostile-corpus", {"requests": len(cases), "by_status": statuses})
    assert wrong == [], "\n".join(repr(item[:3]) for item in wrong)


def test_malformed_http_is_refused_by_the_server_layer_never_with_a_5xx(hostile_server):
    for what, raw in MALFORMED_HTTP:
        answer = exchange(hostile_server.port, raw)
        assert answer.status < 500, (what, answer.status)
        if answer.status >= 400:
            assert answer.headers["content-type"] == PROBLEM_JSON, what


def test_after_the_corpus_the_timeline_is_whole(hostile_server):
    answer = exchange(hostile_server.port, request("GET", "/events/tags"))
    assert answer.status == 404
    answer = exchange(hostile_server.port, request("GET", "/events?limit=100"))
    assert answer.status == 200


def test_an_xn_host_gets_next_links_on_that_host(hostile_server):
    answer = exchange(hostile_server.port, request("GET", "/events?limit=1", host="xn--"))
    assert answer.status == 200
    assert answer.headers["link"].startswith("<http://xn--/events?limit=1&cursor=")
