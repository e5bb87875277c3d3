"""Editing sources, actors, places and tags, and what that does to the events that cite them."""

import pytest

from tests.helpers import problem_of

HE_LIFENG = {"id": "he-lifeng", "name": "He Lifeng", "kind": "person", "role": "Vice Premier"}


def test_create_actor_answers_201_with_location_and_etag(client, auth):
    response = client.post("/actors", json=HE_LIFENG, headers=auth)
    assert response.status_code == 201
    assert response.headers["Location"] == "/actors/he-lifeng"
    assert response.get_json() == {**HE_LIFENG, "event_count": 0}
    assert client.get("/actors/he-lifeng").headers["ETag"] == response.headers["ETag"]


def test_duplicate_actor_is_a_409(client, auth):
    client.post("/actors", json=HE_LIFENG, headers=auth)
    problem_of(client.post("/actors", json=HE_LIFENG, headers=auth), 409)


def test_renaming_an_actor_updates_the_events_that_show_it(client, auth):
    response = client.patch("/actors/janet-yellen", json={"name": "Janet L. Yellen"}, headers=auth)
    assert response.get_json()["name"] == "Janet L. Yellen"
    event = client.get("/events/yellen-second-china-visit-2024").get_json()
    assert {"id": "janet-yellen", "name": "Janet L. Yellen"} in event["actors"]


def test_renaming_a_place_updates_the_events_that_show_it(client, auth):
    place = {"name": "Wien", "kind": "city", "country": "Austria"}
    assert client.put("/places/vienna", json=place, headers=auth).status_code == 200
    event = client.get("/events/mayorkas-wang-vienna-meeting-2024").get_json()
    assert event["places"] == [{"id": "vienna", "name": "Wien"}]


def test_a_cited_actor_cannot_be_deleted(client, auth):
    body = problem_of(client.delete("/actors/janet-yellen", headers=auth), 409)
    assert "cited by 3 event(s)" in body["detail"]


def test_an_uncited_tag_can_be_deleted(client, auth):
    client.post("/tags", json={"id": "unused", "label": "Unused"}, headers=auth)
    assert client.delete("/tags/unused", headers=auth).status_code == 204
    problem_of(client.get("/tags/unused"), 404)


def test_stale_if_match_on_a_resource_is_a_412(client, auth):
    etag = client.get("/tags/economy").headers["ETag"]
    client.patch("/tags/economy", json={"label": "The economy"}, headers=auth)
    stale = client.put(
        "/tags/economy", json={"label": "Economy"}, headers={**auth, "If-Match": etag}
    )
    problem_of(stale, 412)


def test_invalid_resource_fields_are_named(client, auth):
    body = problem_of(client.post("/actors", json={"id": "x", "kind": "alien"}, headers=auth), 422)
    assert {e["pointer"] for e in body["errors"]} == {"/kind", "/name"}


@pytest.mark.parametrize("path", ["/actors", "/places", "/tags", "/sources"])
def test_resource_writes_need_a_token(client, path):
    problem_of(client.post(path, json={}), 401)
