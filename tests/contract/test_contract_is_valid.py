"""The committed contract is valid for the tools consumers use, not only for its generator.

openapi-spec-validator checks it against the OpenAPI 3.1 schema; Redocly CLI lints it with
its recommended rules (redocly.yaml must say why it turns any off) and must find no error and
no warning.
"""

import json

import yaml
from openapi_spec_validator import validate

from tests.helpers import CONTRACT, REPO, run_node_tool


def test_openapi_spec_validator_accepts_the_contract():
    validate(yaml.safe_load(CONTRACT.read_text()))


def test_redocly_finds_no_error_and_no_warning():
    result = run_node_tool("redocly", "lint", str(CONTRACT), "--format=json", check=False)
    report = json.loads(result.stdout)
    problems = [
        f"{problem['severity']} {problem['ruleId']}: {problem['message']} "
        f"at {problem['location'][0]['pointer']}"
        for problem in report["problems"]
    ]
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, problems
    assert result.returncode == 0, result.stderr


def test_redocly_config_gives_a_reason_for_every_rule_it_turns_off():
    config = (REPO / "redocly.yaml").read_text().splitlines()
    for number, line in enumerate(config):
        if line.strip().endswith(": off"):
            assert config[number - 1].strip().startswith("#"), line
