"""Sources, actors, places and tags, each with event counts."""

import pytest

from tests.helpers import problem_of


def test_actors_are_listed_by_name_with_event_counts(client):
    items = client.get("/actors").get_json()["items"]
    names = [a["name"] for a in items]
    assert names == sorted(names)
    mayorkas = next(a for a in items if a["id"] == "alejandro-mayorkas")
    assert mayorkas == {
        "id": "alejandro-mayorkas",
        "name": "Alejandro Mayorkas",
        "kind": "person",
        "role": "US Secretary of Homeland Security",
        "event_count": 3,
    }


def test_one_actor_by_id(client):
    assert client.get("/actors/janet-yellen").get_json()["event_count"] == 3


def test_tags_count_the_events_that_carry_them(client):
    counts = {t["id"]: t["event_count"] for t in client.get("/tags").get_json()["items"]}
    events = client.get("/events?limit=100").get_json()["items"]
    assert counts == {tag: sum(tag in e["tags"] for e in events) for tag in counts}


def test_places_include_playa_vicente_in_mexico(client):
    place = client.get("/places/playa-vicente").get_json()
    assert (place["country"], place["event_count"]) == ("Mexico", 1)


def test_source_records_the_article_and_its_sha256(client):
    [source] = client.get("/sources").get_json()["items"]
    assert source["published"] == "2024-04-08"
    assert source["event_count"] == 18
    assert len(source["sha256"]) == 64
    assert client.get(f"/sources/{source['id']}").get_json() == source


@pytest.mark.parametrize(
    "path", ["/actors/nobody", "/places/atlantis", "/tags/none", "/sources/none"]
)
def test_unknown_ids_are_404_problems(client, path):
    assert "no " in problem_of(client.get(path), 404)["detail"]
