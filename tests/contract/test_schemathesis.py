"""Schemathesis fuzzes the real app against the committed openapi.yaml, with every check on."""

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from service.app import create_app
from tests.conftest import CONTRACT

_DB_DIR = tempfile.TemporaryDirectory(prefix="timeline-contract-")

schema = schemathesis.openapi.from_path(CONTRACT)
schema.app = create_app({"TIMELINE_DB": str(Path(_DB_DIR.name) / "timeline.db")})


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_contract(case):
    case.call_and_validate()
