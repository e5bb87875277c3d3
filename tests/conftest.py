"""Fixtures: a fresh database file per test, the app on it, and a client (the flaskr chain);
a real gunicorn server for the server tests. Shared helpers are in tests/helpers.py."""

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from hypothesis import settings

from service.app import create_app
from service.files.db import ensure_database
from tests.helpers import TOKEN, Server

# `make test-fast` loads this profile (--hypothesis-profile=fast): a quarter of each test's
# examples, through tests.helpers.examples. `make test` and CI run every example.
settings.register_profile("fast", max_examples=25)


@pytest.fixture(scope="session")
def bundled_database(tmp_path_factory) -> Path:
    """The bundled dataset's database, built once per session (per xdist worker) the way the
    service builds it; closed, so its WAL is checkpointed into the one file."""
    path = tmp_path_factory.mktemp("template") / "timeline.db"
    ensure_database(path)
    return path


@pytest.fixture
def db_path(tmp_path: Path, bundled_database: Path) -> Path:
    """This test's own database file: a copy of the bundled one, with its own instance id,
    as if built for it (building takes twice as long as starting the app on it)."""
    path = tmp_path / "timeline.db"
    shutil.copyfile(bundled_database, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET instance = ?", [uuid.uuid4().hex])
    conn.close()
    return path


@pytest.fixture
def app(db_path: Path):
    return create_app({"TESTING": True, "TIMELINE_DB": str(db_path), "TIMELINE_API_TOKEN": TOKEN})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth() -> dict[str, str]:
    """Headers that authorise a write."""
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def server(tmp_path):
    """A gunicorn server with 2 workers on a fresh database."""
    running = Server(tmp_path / "timeline.db").start()
    try:
        yield running
    finally:
        running.stop()


# Tests that start real servers, a browser or schemathesis' long run, and the timing tests
# that repeat a draft many times to compare its cost per KB: `make test-fast` leaves them out
# by these marks, set from where a test lives so a new one cannot forget its mark.
SLOW_FOLDERS = {"server", "browser"}
SLOW_MODULES = {"test_schemathesis.py", "test_drafts_cost_is_linear.py"}


def pytest_collection_modifyitems(items):
    for item in items:
        path = Path(item.fspath)
        if SLOW_FOLDERS & set(path.parts) or path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if "browser" in path.parts:
            item.add_marker(pytest.mark.browser)


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    """Under ``-m "not slow"`` (``make test-fast``) the slow folders and modules are not even
    imported: collecting schemathesis' operations alone takes seconds."""
    if config.getoption("markexpr") != "not slow":
        return None
    if SLOW_FOLDERS & set(collection_path.parts) or collection_path.name in SLOW_MODULES:
        return True
    return None
