"""Whatever sequence of writes the API accepts, ``timeline export`` then ``timeline load`` works.

Hypothesis draws writes of every kind (events, sources, actors, places, tags; create, replace,
patch, delete) with hostile values; none may answer a 5xx, and afterwards the exported file
must load into a fresh database.
"""

import json
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.app import create_app
from service.cli import main
from service.files.db import ensure_database
from tests.helpers import TOKEN, problem_of

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SOURCE = "asianews-2024-us-china-repatriation"
EVENT_IDS = ["two-sessions-2024", "new-a", "new-b"]
TAG_IDS = ["economy", "deaths", "new-tag"]
ACTOR_IDS = ["janet-yellen", "new-actor"]
PLACE_IDS = ["vienna", "new-place"]
DATES = [
    "2024",
    "2024-02-29",
    "9999-12-31",
    "0001-01-01",
    "2022-10-01/2023-09-30",
    "202X",
    "2024-03-25~",
    "2024?",
    "2023-02-29",
    "2024-13",
]

text = st.text(min_size=0, max_size=40)
numbers = st.one_of(
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([2**53, 2**53 + 1, 2**64, -(2**63), 1e300]),
)
span = st.builds(
    lambda start, width, sha: {"start": start, "end": start + width, "sha256": sha},
    st.integers(0, 5000),
    st.integers(1, 400),
    st.sampled_from(["0" * 64, "a" * 64, "x"]),
)
figure = st.fixed_dictionaries(
    {"value": numbers, "unit": text, "counted": text},
    optional={"qualifier": st.sampled_from(["exactly", "about", "more than", "nearly"])},
)
event_fields = st.fixed_dictionaries(
    {},
    optional={
        "title": text,
        "summary": text,
        "date": st.sampled_from(DATES),
        "resolved_from": st.one_of(st.none(), text),
        "tags": st.lists(st.sampled_from(TAG_IDS), max_size=3),
        "actors": st.lists(st.sampled_from(ACTOR_IDS), max_size=2),
        "places": st.lists(st.sampled_from(PLACE_IDS), max_size=2),
        "figures": st.lists(figure, max_size=2),
        "evidence": st.lists(span, max_size=2),
    },
)
writes = st.one_of(
    st.tuples(st.just("POST"), st.just("/events"), st.sampled_from(EVENT_IDS), event_fields),
    st.tuples(
        st.sampled_from(["PATCH", "PUT"]),
        st.just("/events"),
        st.sampled_from(EVENT_IDS),
        event_fields,
    ),
    st.tuples(
        st.just("PATCH"),
        st.just("/sources"),
        st.just(SOURCE),
        st.fixed_dictionaries({"length": st.integers(0, 6000)}),
    ),
    st.tuples(
        st.sampled_from(["POST", "PATCH"]),
        st.just("/tags"),
        st.sampled_from(TAG_IDS),
        st.fixed_dictionaries({"label": text}),
    ),
    st.tuples(
        st.sampled_from(["POST", "PATCH"]),
        st.just("/actors"),
        st.sampled_from(ACTOR_IDS),
        st.fixed_dictionaries({"name": text, "kind": st.just("person"), "role": text}),
    ),
    st.tuples(
        st.sampled_from(["POST", "PATCH"]),
        st.just("/places"),
        st.sampled_from(PLACE_IDS),
        st.fixed_dictionaries({"name": text, "kind": st.just("city")}),
    ),
    st.tuples(
        st.just("DELETE"),
        st.sampled_from(["/events", "/tags", "/actors", "/places"]),
        st.sampled_from(EVENT_IDS + TAG_IDS + ACTOR_IDS + PLACE_IDS),
        st.just({}),
    ),
)
BASE_EVENT = {
    "title": "T",
    "summary": "S",
    "date": "2024",
    "actors": [],
    "places": [],
    "tags": [],
    "source": SOURCE,
}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "timeline.db"
    ensure_database(path)
    return path


def send(client, method: str, collection: str, item_id: str, fields: dict):
    if method == "POST":
        body = {**(BASE_EVENT if collection == "/events" else {}), **fields, "id": item_id}
        return client.post(collection, json=body, headers=AUTH)
    if method == "PUT":
        return client.put(f"{collection}/{item_id}", json={**BASE_EVENT, **fields}, headers=AUTH)
    if method == "PATCH":
        return client.patch(
            f"{collection}/{item_id}",
            data=json.dumps(fields),
            content_type="application/merge-patch+json",
            headers=AUTH,
        )
    return client.delete(f"{collection}/{item_id}", headers=AUTH)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(writes, min_size=1, max_size=8))
def test_export_then_load_works_after_any_accepted_writes(template, tmp_path_factory, steps):
    work = tmp_path_factory.mktemp("run")
    db = work / "timeline.db"
    shutil.copy(template, db)
    client = create_app({"TIMELINE_DB": str(db), "TIMELINE_API_TOKEN": TOKEN}).test_client()
    for step in steps:
        response = send(client, *step)
        assert response.status_code < 500, (step, response.get_data())
    runner = CliRunner()
    exported = runner.invoke(main, ["export", str(work / "out.json"), "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    loaded = runner.invoke(main, ["load", str(work / "out.json"), "--db", str(work / "again.db")])
    assert loaded.exit_code == 0, loaded.output


@pytest.mark.parametrize(
    "body", [b"\x9a@{P", b"\xff", b"[" * 2000 + b"]" * 2000, b'{"a": "\\ud800"}', b"1" * 5000]
)
def test_a_body_the_strict_reader_refuses_is_a_400_for_every_write(client, auth, body):
    for method, path, content_type in [
        ("POST", "/events", "application/json"),
        ("PUT", "/tags/economy", "application/json"),
        ("PATCH", "/sources/asianews-2024-us-china-repatriation", "application/merge-patch+json"),
        ("PATCH", "/events/two-sessions-2024", "application/merge-patch+json"),
    ]:
        response = client.open(
            path, method=method, data=body, content_type=content_type, headers=auth
        )
        assert "Invalid JSON body" in problem_of(response, 400)["detail"], (method, path)
