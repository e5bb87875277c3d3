"""Fixtures: a fresh database file per test, the app on it, and a client (the flaskr chain);
a real gunicorn server for the server tests. Shared helpers are in tests/helpers.py."""

from pathlib import Path

import pytest

from service.app import create_app
from tests.helpers import TOKEN, Server


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "timeline.db"


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


# Tests that start real servers, a browser or schemathesis' long run: `make test-fast` leaves
# them out by these marks, set from where a test lives so a new one cannot forget its mark.
SLOW_FOLDERS = {"server", "browser"}
SLOW_MODULES = {"test_schemathesis.py"}


def pytest_collection_modifyitems(items):
    for item in items:
        path = Path(item.fspath)
        if SLOW_FOLDERS & set(path.parts) or path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if "browser" in path.parts:
            item.add_marker(pytest.mark.browser)
