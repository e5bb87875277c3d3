"""The HTTP front of the real server: what it refuses before the app runs, and what it hands on.

Each refusal is sent as raw bytes, as a hostile client would, and its status and content type
are checked against what openapi.yaml documents for the operation the request aimed at.
"""

import http.client
import json
import socket

import pytest

from tests.helpers import TOKEN, Server, call, committed_contract

pytestmark = pytest.mark.slow

CONTRACT = committed_contract()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the module: none of these requests changes what the others see.

    Its ``XDG_RUNTIME_DIR`` and ``HOME`` are empty directories of its own, where gunicorn
    would put a control socket.
    """
    home = tmp_path_factory.mktemp("home")
    environment = {"XDG_RUNTIME_DIR": str(home), "HOME": str(home)}
    running = Server(tmp_path_factory.mktemp("front") / "timeline.db", environment=environment)
    running.home = home
    running.start()
    try:
        yield running
    finally:
        running.stop()


def test_gunicorn_opens_no_control_socket(server):
    assert list(server.home.rglob("*")) == []


def raw_exchange(server, request: bytes) -> tuple[int, str, bytes]:
    """Send ``request`` as it is on a new connection; the answer's status, type and body."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.getheader("Content-Type"), response.read()


def documented_type(path: str, status: int) -> str:
    """The single content type openapi.yaml gives ``status`` on ``GET path``."""
    response = CONTRACT["paths"][path]["get"]["responses"][str(status)]
    name = response["$ref"].rsplit("/", 1)[1]
    (content_type,) = CONTRACT["components"]["responses"][name]["content"]
    return content_type


REFUSED = {
    "malformed request line": (b"GET /events HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400),
    "not HTTP at all": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400),
    "header line without a colon": (b"GET /events HTTP/1.1\r\nHost x\r\n\r\n", 400),
    "conflicting framing": (
        b"POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400,
    ),
    "raw non-ASCII target": ("GET /events?q=caf\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n".encode(), 400),
    "target over 4094 bytes": (
        b"GET /events?q=" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        414,
    ),
    "101 header fields": (
        b"GET /events HTTP/1.1\r\nHost: x\r\n"
        + b"".join(b"X-Field-%d: 1\r\n" % n for n in range(100))
        + b"\r\n",
        431,
    ),
    "a header field over 8190 bytes": (
        b"GET /events HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 8200 + b"\r\n\r\n",
        431,
    ),
}


@pytest.mark.parametrize("request_bytes, status", REFUSED.values(), ids=REFUSED.keys())
def test_the_server_layer_refuses_with_the_problem_the_contract_documents(
    server, request_bytes, status
):
    answered, content_type, body = raw_exchange(server, request_bytes)
    assert answered == status
    assert content_type == documented_type("/events", status) == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == status and problem["detail"]


def chunked_post(path: str, body: bytes, pieces: int = 2) -> bytes:
    size = -(-len(body) // pieces)
    parts = [body[start : start + size] for start in range(0, len(body), size)]
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts)
    return (
        (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {TOKEN}\r\nTransfer-Encoding: chunked\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        + chunks
        + b"0\r\n\r\n"
    )


def test_a_chunked_body_reaches_the_app_whole(server):
    event = {
        "id": "chunked-body-2024",
        "title": "Sent in chunks",
        "summary": "A body sent with chunked transfer coding.",
        "date": "2024-05-17",
        "source": "asianews-2024-us-china-repatriation",
    }
    request = chunked_post("/events", json.dumps(event).encode(), pieces=3)
    assert raw_exchange(server, request)[:2] == (201, "application/json")
    status, stored = call("GET", f"{server.url}/events/chunked-body-2024")
    assert status == 200 and stored["summary"] == event["summary"]


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "content-length"])
def test_a_body_over_the_limit_is_a_413_problem(server, chunked):
    body = b'{"id": "' + b"a" * 70_000 + b'"}'
    if chunked:
        request = chunked_post("/events", body, pieces=7)
    else:
        request = (
            f"POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {TOKEN}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode() + body
    status, content_type, answer = raw_exchange(server, request)
    assert (status, content_type) == (413, "application/problem+json")
    assert json.loads(answer)["status"] == 413


def test_a_script_name_header_changes_nothing(server):
    """gunicorn's own parser took ``SCRIPT_NAME`` from any local client; this front never does."""
    status, _, body = raw_exchange(
        server,
        b"GET /events?limit=1 HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /spoofed\r\n"
        b"Connection: close\r\n\r\n",
    )
    assert status == 200
    assert json.loads(body)["next"].startswith("http://x/events?limit=1&cursor=")
