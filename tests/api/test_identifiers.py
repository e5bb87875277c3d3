"""An identifier is exactly what it looks like: a trailing newline never makes a look-alike.

Every pattern that guards an id is matched against the whole value (``$`` alone lets a final
newline through in Python); the contract still publishes the ECMA-262 ``^…$`` form.
"""

import pytest
import yaml

from schemas.common import SLUG_PATTERN
from tests.helpers import CONTRACT, problem_of

EVENT = {
    "id": "two-sessions-2024-twin",
    "title": "A twin",
    "summary": "A look-alike.",
    "date": "2024-03",
    "actors": [],
    "places": [],
    "tags": ["economy"],
    "source": "asianews-2024-us-china-repatriation",
}
RESOURCES = {
    "/actors": {"id": "x", "name": "X", "kind": "person"},
    "/places": {"id": "x", "name": "X", "kind": "city"},
    "/tags": {"id": "x", "label": "X"},
}


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("id", "two-sessions-2024\n"),
        ("tags", ["economy\n"]),
        ("source", "asianews-2024-us-china-repatriation\n"),
    ],
)
def test_a_trailing_newline_is_refused_in_an_event(client, auth, member, value):
    body = problem_of(client.post("/events", json={**EVENT, member: value}, headers=auth), 422)
    assert body["errors"][0]["pointer"].startswith(f"/{member}")


def test_a_trailing_newline_is_refused_in_every_resource_id(client, auth):
    for path, record in RESOURCES.items():
        body = problem_of(client.post(path, json={**record, "id": "x\n"}, headers=auth), 422)
        assert body["errors"][0]["pointer"] == "/id"
    source = client.get("/sources/asianews-2024-us-china-repatriation").get_json()
    del source["event_count"]
    for member in ("id", "sha256"):
        twin = {**source, "id": "twin", member: source[member] + "\n"}
        problem_of(client.post("/sources", json=twin, headers=auth), 422)


@pytest.mark.parametrize("query", ["tag=economy%0A", "from=2024%0A", "to=2024-03%0A"])
def test_a_trailing_newline_is_refused_in_a_query(client, query):
    for path in ("/events", "/histogram?interval=year&", "/exports/events.csv"):
        separator = "" if path.endswith("&") else "?"
        problem_of(client.get(f"{path}{separator}{query}"), 400)
    assert client.get(f"/?{query}").status_code == 400


def test_the_contract_publishes_the_ecma_pattern():
    text = CONTRACT.read_text()
    assert SLUG_PATTERN.startswith("^") and SLUG_PATTERN.endswith("$")
    assert f"pattern: {SLUG_PATTERN}" in text or yaml.safe_dump(SLUG_PATTERN) in text


def test_a_trailing_newline_is_refused_in_the_feed_s_instance(client):
    problem = problem_of(client.get(f"/changes?since=1&instance={'0' * 32}%0A"), 400)
    assert problem["errors"][0]["parameter"] == "instance"
