"""Schemathesis fuzzes the real app against the committed openapi.yaml, with every check on.

Operation by operation, and statefully: following the OpenAPI links from a created event to
reading, replacing, patching, deleting it and reading its history. Writes carry a valid token;
schemathesis also replays them without it and checks they are refused.
"""

import tempfile
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from service.app import create_app
from service.dataset import BUNDLED_DATASET, build_rows, read_dataset, validate_dataset
from service.db import open_database
from service.store.load import replace_dataset
from service.store.writes import write_transaction
from tests.artifacts import record_figures
from tests.conftest import CONTRACT, TOKEN

_DB_DIR = tempfile.TemporaryDirectory(prefix="timeline-contract-")

schema = schemathesis.openapi.from_path(CONTRACT)
schema.app = create_app(
    {"TIMELINE_DB": str(Path(_DB_DIR.name) / "timeline.db"), "TIMELINE_API_TOKEN": TOKEN}
)


CALLS: Counter = Counter()


@schema.hook
def after_call(context, case, response):
    """Count every call by operation and status, for the run's report."""
    CALLS[f"{case.operation.label} -> {response.status_code}"] += 1


@pytest.fixture(scope="module", autouse=True)
def report_calls():
    yield
    statuses = Counter()
    for key, count in CALLS.items():
        statuses[key.rsplit(" ", 1)[1]] += count
    record_figures(
        "contract-fuzz",
        {"calls": sum(CALLS.values()), "by_status": dict(statuses), "by_operation": dict(CALLS)},
    )


@schema.auth()
class BearerToken:
    """Every generated request carries the test token (and asks for plain bodies); the
    auth checks also try without it."""

    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = {
            **(case.headers or {}),
            "Authorization": f"Bearer {data}",
            # Plain bodies: schemathesis calls the WSGI app directly and sends requests'
            # Accept-Encoding: gzip, with no HTTP client in between to decode the answer.
            # Compression has its own tests (tests/api/test_compression.py).
            "Accept-Encoding": "identity",
        }


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_contract(case):
    case.call_and_validate()


class FreshDatabasePerRun(schema.as_state_machine()):
    """Each scenario starts from the bundled dataset, so hypothesis can replay it exactly.

    The data is reset through SQLite rather than by replacing the file, so the app's
    long-lived connections and its revision-keyed response cache see the reset.
    """

    def setup(self):
        db = open_database(schema.app.config["TIMELINE_DB"])
        try:
            with write_transaction(db):
                for table in ("changes", "event_actors", "event_places", "event_tags", "events"):
                    db.execute(f"DELETE FROM {table}")
            replace_dataset(db, *build_rows(validate_dataset(read_dataset(BUNDLED_DATASET))))
        finally:
            db.close()


TestLinkedWritesConformToTheContract = FreshDatabasePerRun.TestCase
TestLinkedWritesConformToTheContract.settings = settings(
    max_examples=40,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
