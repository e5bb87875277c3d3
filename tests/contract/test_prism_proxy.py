"""The contract as a validating gateway reads it: Stoplight Prism (pinned in package.json) as a
proxy in front of real gunicorn, with ``--errors``, so any request or answer that breaks
openapi.yaml becomes an error instead of passing through.

A realistic mix goes through it: every read operation of the contract, the draft endpoints,
writes with a token, and the errors a client meets (404, 400, 412, 304). Each answer must come
back from the server as sent, and Prism must report no violation.
"""

import json
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.helpers import CONTRACT, REPO, TOKEN, Server, committed_contract, free_port, node_tool

# One existing item for each path parameter the read operations take.
pytestmark = pytest.mark.slow  # starts real servers
PATH_VALUES = {
    "/events/{event_id}": "/events/two-sessions-2024",
    "/events/{event_id}/history": "/events/two-sessions-2024/history",
    "/actors/{item_id}": "/actors/alejandro-mayorkas",
    "/places/{item_id}": "/places/vienna",
    "/tags/{item_id}": "/tags/repatriation",
    "/sources/{item_id}": "/sources/asianews-2024-us-china-repatriation",
}
NEW_EVENT = {
    "id": "written-through-prism",
    "title": "Written through the Prism proxy",
    "summary": "An event a contract test writes.",
    "date": "2024-04",
    "source": "asianews-2024-us-china-repatriation",
}


class Prism:
    """``prism proxy`` on a free port in front of ``upstream``; its log kept for the checks."""

    def __init__(self, upstream: str, log_path):
        self.port = free_port()
        self.log_path = log_path
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    str(node_tool("prism")),
                    "proxy",
                    str(CONTRACT),
                    upstream,
                    "--errors",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        raise TimeoutError(f"Prism did not start in {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def send(base: str, method: str, path: str, body=None, headers=None):
    """One request; returns (status, headers, body bytes)."""
    data = json.dumps(body).encode() if body is not None else None
    all_headers = {"Accept-Encoding": "identity", **(headers or {})}
    if data is not None:
        all_headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(base + path, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def read_paths() -> list[str]:
    """Every GET of the contract, with an existing item where the path names one."""
    paths = committed_contract()["paths"]
    return [PATH_VALUES.get(path, path) for path, item in paths.items() if "get" in item]


@pytest.fixture(scope="module")
def through_prism(tmp_path_factory):
    """(prism, server): a Prism proxy in front of gunicorn on a fresh database."""
    root = tmp_path_factory.mktemp("prism")
    server = Server(root / "timeline.db").start()
    prism = Prism(server.url, root / "prism.log")
    try:
        prism.wait_until_ready()
        yield prism, server
    finally:
        prism.stop()
        server.stop()


def assert_same_answer(prism, server, method, path, status, **request):
    """Through Prism the answer is the server's own (no 422 or 500 of Prism's making)."""
    got, headers, body = send(prism.url, method, path, **request)
    assert got == status, f"{method} {path}: {got} {body[:500]!r}"
    assert "sl-violations" not in {name.lower() for name in headers}, headers["sl-violations"]
    return headers, body


def test_every_read_passes_prism_unchanged(through_prism):
    prism, server = through_prism
    paths = read_paths()
    assert "/openapi.yaml" in paths and "/exports/events.xlsx" in paths
    for path in paths:
        assert_same_answer(prism, server, "GET", path, 200)
    assert_no_violation(prism)


def test_writes_drafts_and_errors_pass_prism_unchanged(through_prism):
    prism, server = through_prism
    token = {"Authorization": f"Bearer {TOKEN}"}
    headers, _ = assert_same_answer(
        prism, server, "POST", "/events", 201, body=NEW_EVENT, headers=token
    )
    event = f"/events/{NEW_EVENT['id']}"
    merge_patch = {**token, "Content-Type": "application/merge-patch+json"}
    assert_same_answer(
        prism,
        server,
        "PATCH",
        event,
        200,
        body={"summary": "Patched through Prism."},
        headers={**merge_patch, "If-Match": headers["ETag"]},
    )
    assert_same_answer(
        prism,
        server,
        "PATCH",
        event,
        412,
        body={"summary": "Too late."},
        headers={**merge_patch, "If-Match": headers["ETag"]},
    )
    read, _ = assert_same_answer(prism, server, "GET", event, 200)
    assert_same_answer(prism, server, "GET", event, 304, headers={"If-None-Match": read["ETag"]})
    assert_same_answer(prism, server, "DELETE", event, 204, headers=token)
    assert_same_answer(prism, server, "GET", event, 404)
    assert_same_answer(prism, server, "GET", "/events?from=2024-05&to=2024-01", 400)
    assert_same_answer(prism, server, "GET", "/events?cursor=not-one-of-ours", 400)
    assert_same_answer(
        prism,
        server,
        "POST",
        "/drafts",
        200,
        body={"text": "Two weeks ago.", "published": "2024-04-08"},
    )
    assert_no_violation(prism)


def assert_no_violation(prism) -> None:
    log = prism.log()
    assert "Violation" not in log and "✖" not in log, log[-5000:]
