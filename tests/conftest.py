"""Fixtures: a fresh database file per test, the app on it, and a client (the flaskr chain)."""

import os
from pathlib import Path

import pytest

from service.app import create_app

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
