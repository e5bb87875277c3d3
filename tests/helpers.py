"""What tests share: paths, the write token, response checks, and a real server to start.

``PrimaryWrites`` keeps writing to a database file, as a primary being edited does.
``Server`` starts the real server (``timeline serve`` → gunicorn) on a free port, and stops it.
"""

import functools
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hypothesis import settings

from schemas.event import EventRecordSchema
from service.files.db import open_database
from service.store.event_writes import create_event

REPO = Path(__file__).resolve().parents[1]
ARTICLES = Path(os.environ.get("TIMELINE_ARTICLES_DIR", REPO.parent / "shared" / "articles"))
ARTICLE = ARTICLES / "asianews-2024-us-china-repatriation.txt"
CONTRACT = REPO / "openapi.yaml"


@functools.cache
def committed_contract() -> dict:
    """openapi.yaml as committed, read once per test process (libyaml's loader when it is
    built in: the pure-Python one takes about a second for it). Shared: read it, never change it."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(CONTRACT.read_text(), Loader=loader)


TOKEN = "test-token-for-writes"
TIMELINE = Path(sys.executable).with_name("timeline")

# Four events of the bundled dataset, in the order the timeline must show them.
KEY_EVENTS_IN_ORDER = [
    "pelosi-visits-taiwan-2022",
    "mayorkas-wang-vienna-meeting-2024",
    "playa-vicente-bodies-found-2024",
    "mayorkas-says-repatriation-under-discussion-2024",
]


def ids(response):
    """The ids of a successful page of events, in order."""
    assert response.status_code == 200, response.get_json()
    return [event["id"] for event in response.get_json()["items"]]


def problem_of(response, status):
    """The problem+json body of a ``status`` response, once its shape is checked."""
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"]
    return body


# The server's text access line, as a log reader splits it: quoted fields end at an unescaped
# quote, unquoted ones at a space (service/serving/asgi.py writes it).
_QUOTED = r'"((?:[^"\\]|\\.)*)"'
ACCESS_LINE = re.compile(
    rf"(\S+) - - \[[^\]\n]+\] {_QUOTED} (\d+) (\d+) {_QUOTED} {_QUOTED} ([0-9.]+)ms (\S+)"
)
_LOG_ESCAPE = re.compile(r'\\(["\\]|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})')


def log_unescaped(field: str) -> str:
    """A text-log field's value, its escapes read back."""

    def character(found: re.Match) -> str:
        code = found.group(1)
        return code if code in ('"', "\\") else chr(int(code[1:], 16))

    return _LOG_ESCAPE.sub(character, field)


def examples(full: int) -> int:
    """A hypothesis test's example count: ``full`` in `make test`, fewer under a profile
    with fewer examples than hypothesis' default (`make test-fast`, tests/conftest.py)."""
    default = settings.get_profile("default").max_examples
    return max(1, full * settings.default.max_examples // default)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A gunicorn server in its own process group, on a database file that outlives it."""

    database: Path
    workers: int = 2
    environment: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    output: Path | None = None  # a file for the server's stdout and stderr (else discarded)
    arguments: tuple[str, ...] = ()  # more for `timeline serve`: --replicate, --follow

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20) -> "Server":
        env = {
            **os.environ,
            "TIMELINE_DB": str(self.database),
            "PORT": str(self.port),
            "TIMELINE_API_TOKEN": TOKEN,
            **self.environment,
        }
        sink = self.output.open("ab") if self.output else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                [str(TIMELINE), "serve", "--workers", str(self.workers), *self.arguments],
                env=env,
                stdout=sink,
                stderr=sink,
                start_new_session=True,
            )
        finally:
            if self.output:
                sink.close()
        self.wait_until_healthy(timeout)
        return self

    def stop(self) -> None:
        """Graceful stop: SIGTERM to the master and its workers."""
        self._signal(signal.SIGTERM)

    def crash(self) -> None:
        """kill -9 the master and every worker at once, as a power cut would."""
        self._signal(signal.SIGKILL)

    def _signal(self, signum: int) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signum)
        self.process.wait(timeout=30)

    def wait_until_healthy(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"{self.url} did not become healthy in {timeout}s")


def call(method: str, url: str, body: dict | None = None, timeout: float = 30):
    """One HTTP request; returns (status, parsed JSON or None). Network errors propagate."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
            return response.status, json.loads(payload) if payload else None
    except urllib.error.HTTPError as error:
        payload = error.read()
        return error.code, json.loads(payload) if payload else None


class PrimaryWrites(threading.Thread):
    """Creates events in a database file, one transaction each, until stopped."""

    def __init__(self, database: Path, stop: threading.Event):
        super().__init__(daemon=True)
        self.database, self.stop = database, stop
        self.count = 0

    def run(self):
        db = open_database(self.database)
        schema = EventRecordSchema()
        while not self.stop.is_set():
            record = schema.load(
                {
                    "id": f"primary-write-{self.count:05d}",
                    "title": "Written while snapshots are taken",
                    "summary": "A write on the primary.",
                    "date": "2024-05-17",
                    "tags": ["economy"],
                    "source": "asianews-2024-us-china-repatriation",
                }
            )
            create_event(db, record, author="test")
            self.count += 1
        db.close()


# The npm tools of the tests (package.json), run from node_modules: `npm ci` installs them.

NODE_BIN = REPO / "node_modules" / ".bin"


def node_tool(name: str) -> Path:
    """The path of an installed npm tool; fails, saying how to install it, if it is missing."""
    path = NODE_BIN / name
    assert path.exists(), f"{path} is missing: run `npm ci` (make test does)"
    return path


def run_node_tool(name: str, *args: str, check: bool = True, **kwargs):
    """Run an npm tool in the repository; with ``check``, fail showing its output."""
    result = subprocess.run(
        [str(node_tool(name)), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )
    if check:
        assert result.returncode == 0, f"{name} failed:\n{result.stdout}\n{result.stderr}"
    return result


def file_url(path: Path) -> str:
    """A Litestream file replica URL: the directory after file://, letter for letter."""
    return f"file://{path}"


def assert_database_intact(database) -> None:
    """A file after writes under load or a crash: SQLite and the FTS index intact, the full-text
    index holding every event, and no written event (ids ``w…``, two tags and one actor each)
    half there."""
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.execute("INSERT INTO events_fts(events_fts) VALUES ('integrity-check')")
        half_written = conn.execute(
            "SELECT count(*) FROM events e WHERE e.id LIKE 'w%' AND ("
            " (SELECT count(*) FROM event_tags t WHERE t.event_id = e.id) != 2"
            " OR (SELECT count(*) FROM event_actors a WHERE a.event_id = e.id) != 1)"
        ).fetchone()[0]
        assert half_written == 0
        fts_rows = conn.execute("SELECT count(*) FROM events_fts").fetchone()[0]
        assert fts_rows == conn.execute("SELECT count(*) FROM events").fetchone()[0]


def retitle_first_event(db_path, title: str) -> None:
    """A write through another connection, as another worker or the primary would make."""
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE events SET document = json_set(document, '$.title', ?)"
            " WHERE id = (SELECT id FROM events ORDER BY start, end, id LIMIT 1)",
            [title],
        )
    conn.close()
