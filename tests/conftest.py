"""Fixtures: a fresh database file per test, the app on it, and a client (the flaskr chain)."""

import os
import threading
from pathlib import Path

import pytest

from schemas.event import EventRecordSchema
from service.app import create_app
from service.db import open_database
from service.store.writes import create_event

REPO = Path(__file__).resolve().parents[1]
ARTICLES = Path(os.environ.get("TIMELINE_ARTICLES_DIR", REPO.parent / "shared" / "articles"))
ARTICLE = ARTICLES / "asianews-2024-us-china-repatriation.txt"
CONTRACT = REPO / "openapi.yaml"
TOKEN = "test-token-for-writes"


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
