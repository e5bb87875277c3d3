"""openapi.yaml is the single source of truth: the code cannot drift from it."""

import re

from service.api.meta import contract_of
from tests.helpers import CONTRACT, committed_contract

NOT_IN_CONTRACT = {"/static/{filename}", "/docs/assets/{filename}"}


def test_committed_contract_equals_what_the_code_declares(app):
    assert CONTRACT.read_text() == contract_of(app), "run `make openapi` and commit openapi.yaml"


def test_every_route_is_in_the_contract_and_every_operation_is_routed(app):
    contract = committed_contract()
    documented = {
        (path, method.upper())
        for path, item in contract["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    routed = {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    routed = {(path, method) for path, method in routed if path not in NOT_IN_CONTRACT}
    assert routed == documented


def test_contract_is_openapi_3_1_with_problem_json_errors():
    contract = committed_contract()
    assert contract["openapi"] == "3.1.0"
    default = contract["components"]["responses"]["DEFAULT_ERROR"]
    assert list(default["content"]) == ["application/problem+json"]
