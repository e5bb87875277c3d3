"""Schemathesis fuzzes the real app against the committed openapi.yaml, with every check on.

Operation by operation, and statefully: following the OpenAPI links from a created event to
reading, replacing, patching, deleting it and reading its history. Writes carry a valid token;
schemathesis also replays them without it and checks they are refused.
"""

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from service.app import create_app
from service.core.kinds import LINKED_KINDS
from service.files.dataset import BUNDLED_DATASET, build_rows, read_dataset, validate_dataset
from service.files.db import open_database
from service.store.bulk import replace_dataset
from service.store.transactions import write_transaction
from tests.artifacts import record_figures
from tests.helpers import CONTRACT, TOKEN


class AppUnderTest:
    """The WSGI app schemathesis calls, forwarding to the app the fixture below builds.

    Schemathesis takes the app when the tests are collected; the app and its database are
    built only when the tests run. (``schemathesis.pytest.from_fixture`` would take the whole
    schema from a fixture, but it does not run under pytest 9.)
    """

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


APP = AppUnderTest()
# Only the contract file is read at import.
schema = schemathesis.openapi.from_path(CONTRACT)
schema.app = APP
CALLS: Counter = Counter()
EVENT_TABLES = ("changes", *(kind.join_table for kind in LINKED_KINDS), "events")


@pytest.fixture(scope="module", autouse=True)
def contract_app(tmp_path_factory):
    """The app on a fresh database of the bundled dataset, for every test of this module."""
    database = tmp_path_factory.mktemp("contract") / "timeline.db"
    APP.app = create_app({"TIMELINE_DB": str(database), "TIMELINE_API_TOKEN": TOKEN})
    yield APP.app
    APP.app = None


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


@schemathesis.check
def status_is_documented_by_itself(ctx, response, case):
    """Every status an operation answers has its own entry in the contract.

    Schemathesis' own status check accepts any status when an operation documents
    ``default`` (kept, as a typed client's catch-all for problems), so it cannot tell.
    A method the path does not have (schemathesis tries TRACE and the like) is a 405 that no
    operation can document; the ``unsupported_method`` check covers it.
    """
    if case.method.upper() != case.operation.method.upper():
        return
    documented = [code for code in case.operation.responses.status_codes if code != "default"]
    if str(response.status_code) not in documented:
        raise AssertionError(
            f"{case.operation.label} answered {response.status_code}; it documents {documented}"
        )


# Schemathesis reads each of these as YAML, whichever one the answer names.
YAML_MEDIA_TYPES = ("text/yaml", "text/x-yaml", "application/x-yaml", "text/vnd.yaml")


@schemathesis.deserializer("application/yaml", *YAML_MEDIA_TYPES)
def yaml_is_text(ctx, response):
    """A YAML answer (the contract itself) is what the contract says it is: text.

    The contract declares it ``type: string``, as every other non-JSON body, because that is
    how Prism and code generators read a body that is not JSON; schemathesis alone would
    parse the YAML into data and find an object where a string is promised.
    """
    return response.content.decode(response.encoding or "utf-8")


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
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_contract(case):
    case.call_and_validate()


def test_linked_writes_conform_to_the_contract(contract_app):
    """Scenarios following the links from a created event (or resource) to what acts on it."""

    class FreshDatabasePerRun(schema.as_state_machine()):
        """Each scenario starts from the bundled dataset, so hypothesis can replay it exactly.

        The data is reset through SQLite rather than by replacing the file, so the app's
        long-lived connections and its revision-keyed response cache see the reset.
        """

        def setup(self):
            db = open_database(contract_app.config["TIMELINE_DB"])
            try:
                with write_transaction(db):
                    for table in EVENT_TABLES:
                        db.execute(f"DELETE FROM {table}")
                replace_dataset(db, *build_rows(validate_dataset(read_dataset(BUNDLED_DATASET))))
            finally:
                db.close()

    FreshDatabasePerRun.run(
        settings=settings(
            max_examples=40,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )
