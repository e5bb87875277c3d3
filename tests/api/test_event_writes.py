"""Writing events: create, replace, patch, delete; tokens, preconditions, bad bodies, history."""

import json

import pytest

from tests.helpers import problem_of

NEW = {
    "id": "new-event-2024",
    "title": "A new event",
    "summary": "Something that happened.",
    "date": "2024-05",
    "actors": ["janet-yellen"],
    "places": ["china"],
    "tags": ["economy"],
    "source": "asianews-2024-us-china-repatriation",
}
MERGE_PATCH = "application/merge-patch+json"


def create(client, auth, record=NEW):
    return client.post("/events", json=record, headers=auth)


def patch(client, auth, event_id, body, **headers):
    return client.patch(
        f"/events/{event_id}",
        data=json.dumps(body),
        content_type=MERGE_PATCH,
        headers={**auth, **headers},
    )


def test_create_answers_201_with_location_etag_and_derived_dates(client, auth):
    response = create(client, auth)
    assert response.status_code == 201
    assert response.headers["Location"] == "/events/new-event-2024"
    event = response.get_json()
    assert (event["start"], event["end"], event["precision"]) == (
        "2024-05-01",
        "2024-05-31",
        "month",
    )
    assert event["actors"] == [{"id": "janet-yellen", "name": "Janet Yellen"}]
    fetched = client.get("/events/new-event-2024")
    assert fetched.get_json() == event
    assert fetched.headers["ETag"] == response.headers["ETag"]


def test_created_event_is_found_by_queries_and_search(client, auth):
    create(client, auth)
    found = client.get("/events?from=2024-05-20&to=2024-05-20&tag=economy&q=happened")
    assert [e["id"] for e in found.get_json()["items"]] == ["new-event-2024"]


def test_duplicate_id_is_a_409(client, auth):
    create(client, auth)
    assert "already exists" in problem_of(create(client, auth), 409)["detail"]


@pytest.mark.parametrize("derived", ["start", "end", "precision", "approximate", "uncertain"])
def test_derived_fields_are_refused(client, auth, derived):
    body = problem_of(create(client, auth, {**NEW, derived: "2020-01-01"}), 422)
    assert body["errors"] == [{"pointer": f"/{derived}", "detail": "Unknown field."}]


def test_every_invalid_member_is_named(client, auth):
    bad = {**NEW, "date": "2024-13", "title": "", "figures": [{"value": "x"}]}
    body = problem_of(create(client, auth, bad), 422)
    pointers = {e["pointer"] for e in body["errors"]}
    assert {
        "/date",
        "/title",
        "/figures/0/value",
        "/figures/0/unit",
        "/figures/0/counted",
    } <= pointers


def test_unknown_references_are_a_422_naming_them(client, auth):
    body = problem_of(create(client, auth, {**NEW, "actors": ["nobody"], "tags": ["none"]}), 422)
    assert {e["pointer"] for e in body["errors"]} == {"/actors/0", "/tags/0"}


def test_malformed_json_is_a_400(client, auth):
    response = client.post(
        "/events", data="{not json", content_type="application/json", headers=auth
    )
    assert "Invalid JSON" in problem_of(response, 400)["detail"]


def test_wrong_content_type_is_a_415(client, auth):
    response = client.post("/events", data="id=x", content_type="text/plain", headers=auth)
    assert "application/json" in problem_of(response, 415)["detail"]


def test_body_over_the_limit_is_a_413(client, auth):
    huge = {**NEW, "summary": "x" * 70_000}
    assert "65536 bytes" in problem_of(create(client, auth, huge), 413)["detail"]


def test_put_replaces_the_whole_event(client, auth):
    create(client, auth)
    replacement = {k: v for k, v in NEW.items() if k not in ("id", "actors")} | {"title": "Renamed"}
    response = client.put("/events/new-event-2024", json=replacement, headers=auth)
    assert response.status_code == 200
    assert response.get_json()["title"] == "Renamed" and response.get_json()["actors"] == []


def test_put_on_a_missing_event_is_a_404(client, auth):
    body = {k: v for k, v in NEW.items() if k != "id"}
    problem_of(client.put("/events/not-there", json=body, headers=auth), 404)


def test_merge_patch_changes_only_what_it_names(client, auth):
    create(client, auth)
    response = patch(client, auth, "new-event-2024", {"date": "2024-05-17~", "places": None})
    event = response.get_json()
    assert response.status_code == 200
    assert (event["date"], event["start"], event["approximate"]) == (
        "2024-05-17~",
        "2024-05-17",
        True,
    )
    assert event["places"] == [] and event["title"] == "A new event"


def test_patch_cannot_set_derived_fields_or_change_the_id(client, auth):
    create(client, auth)
    body = problem_of(patch(client, auth, "new-event-2024", {"start": "2020-01-01"}), 422)
    assert body["errors"][0]["pointer"] == "/start"
    body = problem_of(patch(client, auth, "new-event-2024", {"id": "other"}), 422)
    assert body["errors"][0]["pointer"] == "/id"


def test_patch_also_accepts_plain_json(client, auth):
    create(client, auth)
    response = client.patch("/events/new-event-2024", json={"title": "Plain"}, headers=auth)
    assert response.get_json()["title"] == "Plain"


def test_stale_if_match_is_a_412_and_changes_nothing(client, auth):
    etag = create(client, auth).headers["ETag"]
    patch(client, auth, "new-event-2024", {"title": "First"})
    stale = patch(client, auth, "new-event-2024", {"title": "Second"}, **{"If-Match": etag})
    problem_of(stale, 412)
    problem_of(client.delete("/events/new-event-2024", headers={**auth, "If-Match": etag}), 412)
    assert client.get("/events/new-event-2024").get_json()["title"] == "First"


def test_current_if_match_lets_the_write_through(client, auth):
    create(client, auth)
    etag = client.get("/events/new-event-2024").headers["ETag"]
    response = patch(client, auth, "new-event-2024", {"title": "Fresh"}, **{"If-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_delete_answers_204_and_the_event_is_gone(client, auth):
    create(client, auth)
    response = client.delete("/events/new-event-2024", headers=auth)
    assert response.status_code == 204 and response.data == b""
    problem_of(client.get("/events/new-event-2024"), 404)
    problem_of(client.delete("/events/new-event-2024", headers=auth), 404)


def test_history_records_who_did_what_in_order(client, auth):
    create(client, auth)
    patch(client, auth, "new-event-2024", {"title": "Patched"})
    client.delete("/events/new-event-2024", headers=auth)
    changes = client.get("/events/new-event-2024/history").get_json()["items"][::-1]
    assert [(c["action"], c["author"]) for c in changes] == [
        ("create", "default"),
        ("patch", "default"),
        ("delete", "default"),
    ]
    assert changes[0]["before"] is None and changes[-1]["after"] is None
    assert (
        changes[1]["before"]["title"] == "A new event" and changes[1]["after"]["title"] == "Patched"
    )


def test_bundled_events_have_their_load_in_history(client):
    [change] = client.get("/events/two-sessions-2024/history").get_json()["items"]
    assert (change["action"], change["author"]) == ("create", "loader")


def test_history_of_an_unknown_event_is_a_404(client):
    problem_of(client.get("/events/never-existed/history"), 404)


WRITES = [
    ("post", "/events"),
    ("put", "/events/two-sessions-2024"),
    ("patch", "/events/two-sessions-2024"),
    ("delete", "/events/two-sessions-2024"),
]


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_writes_without_a_token_are_401_with_a_bearer_challenge(client, method, path):
    response = getattr(client, method)(path, json={})
    problem_of(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_writes_with_a_wrong_token_are_401(client, method, path):
    response = getattr(client, method)(path, json={}, headers={"Authorization": "Bearer wrong"})
    problem_of(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_with_no_token_configured_every_write_is_refused(db_path):
    from service.app import create_app

    client = create_app({"TIMELINE_DB": str(db_path)}).test_client()
    response = client.post("/events", json=NEW, headers={"Authorization": "Bearer anything"})
    assert "no API token is configured" in problem_of(response, 401)["detail"]
    assert client.get("/events").status_code == 200


def test_named_tokens_from_a_file_are_recorded_as_authors(db_path, tmp_path):
    from service.app import create_app

    tokens = tmp_path / "tokens"
    tokens.write_text("# editors\nalice alice-secret-0123456\nbob bob-secret-0123456789\n")
    client = create_app(
        {"TIMELINE_DB": str(db_path), "TIMELINE_TOKENS_FILE": str(tokens)}
    ).test_client()
    create(client, {"Authorization": "Bearer bob-secret-0123456789"})
    [change] = client.get("/events/new-event-2024/history").get_json()["items"]
    assert change["author"] == "bob"


def test_the_token_never_reaches_the_logs(client, auth, caplog):
    with caplog.at_level("DEBUG"):
        create(client, auth)
        client.post("/events", json=NEW, headers={"Authorization": "Bearer wrong-secret"})
    assert "test-token-for-writes" not in caplog.text and "wrong-secret" not in caplog.text
