"""schemathesis.toml keys its settings on naming conventions, not lists of operations, so
an operation added later (a new export, a new kind's writes) gets them: each setting here
must reach exactly the operations it is written for."""

import re
import tomllib

from tests.helpers import REPO, committed_contract

WRITES = ("post", "put", "patch", "delete")
METHODS = ("get", "head", *WRITES)


def operations() -> list[tuple[str, dict]]:
    paths = committed_contract()["paths"]
    return [
        (method, op) for item in paths.values() for method, op in item.items() if method in METHODS
    ]


def matched_by(comment_word: str) -> set[str]:
    """The operation ids the settings block whose regex mentions ``comment_word`` reaches."""
    settings = tomllib.loads((REPO / "schemathesis.toml").read_text())["operations"]
    (pattern,) = [
        block["include-operation-id-regex"]
        for block in settings
        if comment_word in block["include-operation-id-regex"]
    ]
    return {op["operationId"] for _, op in operations() if re.search(pattern, op["operationId"])}


def test_every_operation_taking_the_event_query_gets_its_statuses():
    takes_dates = {
        op["operationId"]
        for _, op in operations()
        if any(p["name"] == "from" and p["in"] == "query" for p in op.get("parameters", []))
    }
    assert {name for name in takes_dates if name.startswith("export")} >= {"exportEventsCsv"}
    assert matched_by("export") == takes_dates


def test_every_write_of_a_stored_item_gets_its_statuses():
    stored_writes = {
        op["operationId"]
        for method, op in operations()
        if method in WRITES and "Draft" not in op["operationId"]
    }
    assert {"createEvent", "deleteTag", "replaceSource", "patchActor"} <= stored_writes
    assert matched_by("replace") == stored_writes
