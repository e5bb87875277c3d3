"""Read-only replicas: the file opened immutable, every write refused with one problem."""

import hashlib

import pytest

from service.app import create_app
from service.files.db import DatabaseUnavailable, ensure_database
from tests.helpers import problem_of


@pytest.fixture
def replica(db_path):
    ensure_database(db_path)
    app = create_app({"TIMELINE_DB": str(db_path), "TIMELINE_READ_ONLY": True})
    return app.test_client()


def test_a_replica_serves_reads(replica):
    assert len(replica.get("/events?limit=100").get_json()["items"]) == 18
    assert replica.get("/healthz").get_json()["events"] == 18


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/events", "/events/pelosi-visits-taiwan-2022", "/nope"])
def test_a_replica_refuses_every_write_with_405_and_allow(replica, method, path):
    response = replica.open(path, method=method, json={})
    assert "read-only replica" in problem_of(response, 405)["detail"]
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_a_replica_never_changes_its_file(replica, db_path):
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    for path in ("/events", "/events?q=yellen", "/tags", "/healthz"):
        replica.get(path)
    replica.delete("/events/pelosi-visits-taiwan-2022")
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_a_replica_refuses_to_start_without_its_database(tmp_path):
    missing = tmp_path / "missing.db"
    with pytest.raises(DatabaseUnavailable, match="does not exist"):
        create_app({"TIMELINE_DB": str(missing), "TIMELINE_READ_ONLY": True})
    assert not missing.exists()
