"""The change feed: every write at its own revision, pages, tombstones, other instances."""

import shutil
import tempfile
from pathlib import Path
from xml.etree import ElementTree

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.app import create_app
from service.core.kinds import KINDS
from tests.helpers import TOKEN, problem_of

ATOM = "{http://www.w3.org/2005/Atom}"
NEW_EVENT = {
    "id": "he-lifeng-meets-yellen-2024",
    "title": "Yellen meets He Lifeng",
    "summary": "A made-up meeting for the tests.",
    "date": "2024-04-06",
    "actors": ["janet-yellen"],
    "tags": ["economy"],
    "source": "asianews-2024-us-china-repatriation",
}


def feed(client, since=0, instance=None, limit=1000):
    """Every change after ``since``, following ``next`` to the end; and the last page."""
    url = f"/changes?since={since}&limit={limit}" + (f"&instance={instance}" if instance else "")
    items = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.get_json()
        page = response.get_json()
        items += page["items"]
        url = page["next"]
    return items, page


def current_state(client) -> dict:
    """Every event and resource as GET returns it, by (kind, id); counts left out."""
    state = {("event", e["id"]): e for e in client.get("/events?limit=100").get_json()["items"]}
    for kind in KINDS:
        for row in client.get(f"/{kind.table}").get_json()["items"]:
            state[(kind.singular, row["id"])] = _uncounted(row)
    return state


def replay(state: dict, items: list[dict]) -> dict:
    """What a frontend holding ``state`` has after applying the feed's ``items``."""
    state = dict(state)
    for item in items:
        key = (item["kind"], item["id"])
        if item["action"] == "delete":
            assert item["item"] is None
            del state[key]
        else:
            state[key] = _uncounted(item["item"])
    return state


def _uncounted(item: dict) -> dict:
    return {key: value for key, value in item.items() if key != "event_count"}


def test_the_whole_feed_replayed_gives_the_data_as_it_is(client):
    items, page = feed(client)
    assert replay({}, items) == current_state(client)
    assert [item["revision"] for item in items] == sorted({item["revision"] for item in items})
    assert page["revision"] == items[-1]["revision"] and page["next"] is None


def test_each_write_appears_once_at_a_higher_revision_with_its_action(client, auth):
    _, before = feed(client)
    client.post("/events", json=NEW_EVENT, headers=auth)
    client.patch(
        f"/events/{NEW_EVENT['id']}",
        json={"title": "Yellen and He Lifeng meet"},
        headers={**auth, "Content-Type": "application/merge-patch+json"},
    )
    client.delete(f"/events/{NEW_EVENT['id']}", headers=auth)
    client.post("/tags", json={"id": "new-tag", "label": "New"}, headers=auth)
    items, after = feed(client, before["revision"], before["instance"])
    assert [(i["kind"], i["id"], i["action"]) for i in items] == [
        ("event", NEW_EVENT["id"], "create"),
        ("event", NEW_EVENT["id"], "update"),
        ("event", NEW_EVENT["id"], "delete"),
        ("tag", "new-tag", "create"),
    ]
    assert items[1]["item"]["title"] == "Yellen and He Lifeng meet"
    assert items[2]["item"] is None, "a delete is a tombstone"
    assert items[2]["url"].endswith(f"/events/{NEW_EVENT['id']}")
    assert before["revision"] < items[0]["revision"] < items[-1]["revision"] == after["revision"]


def test_renaming_an_actor_lists_every_event_that_shows_the_new_name(client, auth):
    _, before = feed(client)
    client.patch("/actors/janet-yellen", json={"name": "Janet L. Yellen"}, headers=auth)
    items, _ = feed(client, before["revision"], before["instance"])
    assert items[0]["kind"] == "actor" and items[0]["item"]["name"] == "Janet L. Yellen"
    renamed = {i["id"] for i in items[1:] if i["kind"] == "event" and i["action"] == "update"}
    citing = client.get("/events?actor=janet-yellen").get_json()["items"]
    assert renamed == {event["id"] for event in citing} and len(renamed) == 3
    assert all(i["item"]["actors"][0]["name"] == "Janet L. Yellen" for i in items[1:])


def test_pages_follow_each_other_without_gaps_or_repeats(client):
    everything, _ = feed(client)
    paged, _ = feed(client, limit=7)
    assert paged == everything
    first = client.get("/changes?limit=7")
    assert first.headers["Link"] == f'<{first.get_json()["next"]}>; rel="next"'


def test_a_since_at_the_current_revision_lists_nothing_and_has_no_next_page(client):
    _, page = feed(client)
    items, again = feed(client, page["revision"], page["instance"])
    assert items == [] and again["revision"] == page["revision"] and again["next"] is None


def test_a_since_from_another_database_instance_is_410_with_the_current_revision(client):
    _, page = feed(client)
    body = problem_of(client.get(f"/changes?since=5&instance={'0' * 32}"), 410)
    assert body["current_instance"] == page["instance"]
    assert body["current_revision"] == page["revision"]


def test_a_since_without_its_instance_is_a_400_naming_instance(client):
    body = problem_of(client.get("/changes?since=5"), 400)
    assert body["errors"][0]["parameter"] == "instance"


def test_the_feed_answers_304_until_the_revision_moves(client, auth):
    etag = client.get("/changes").headers["ETag"]
    assert client.get("/changes", headers={"If-None-Match": etag}).status_code == 304
    client.post("/tags", json={"id": "new-tag", "label": "New"}, headers=auth)
    moved = client.get("/changes", headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["ETag"] != etag


def test_the_atom_feed_lists_the_newest_changes_first_and_escapes_what_it_holds(client, auth):
    hostile = {**NEW_EVENT, "title": "<b>Bold</b> & \x0b a vertical tab"}
    client.post("/events", json=hostile, headers=auth)
    response = client.get("/feeds/changes.atom")
    assert response.content_type.startswith("application/atom+xml")
    root = ElementTree.fromstring(response.data)
    entries = root.findall(f"{ATOM}entry")
    assert root.tag == f"{ATOM}feed" and root.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert len(entries) == 50
    newest = entries[0]
    assert newest.findtext(f"{ATOM}title") == "Event created: <b>Bold</b> & \ufffd a vertical tab"
    assert newest.find(f"{ATOM}link").get("href").endswith(f"/events/{NEW_EVENT['id']}")
    assert root.findtext(f"{ATOM}updated") == newest.findtext(f"{ATOM}updated")
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == 50
    etag = response.headers["ETag"]
    assert client.get("/feeds/changes.atom", headers={"If-None-Match": etag}).status_code == 304


WRITES = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.sampled_from(["made-up-a", "made-up-b"])),
        st.tuples(st.just("retitle"), st.sampled_from(["made-up-a", "two-sessions-2024"])),
        st.tuples(st.just("delete"), st.sampled_from(["made-up-b", "pelosi-visits-taiwan-2022"])),
        st.tuples(st.just("rename"), st.sampled_from(["janet-yellen", "vienna"])),
        st.tuples(st.just("tag"), st.sampled_from(["tag-x", "tag-y"])),
        st.tuples(st.just("untag"), st.sampled_from(["tag-x", "tag-y"])),
    ),
    max_size=8,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes=WRITES, text=st.text(min_size=1, max_size=30).filter(str.strip))
def test_from_any_revision_a_copy_plus_the_changes_since_is_the_data_now(
    bundled_database, writes, text
):
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "t.db"
        shutil.copyfile(bundled_database, database)
        app = create_app(
            {"TESTING": True, "TIMELINE_DB": str(database), "TIMELINE_API_TOKEN": TOKEN}
        )
        client = app.test_client()
        copies = []
        for write in writes:
            page = client.get("/changes?limit=1").get_json()
            copies.append((page["revision"], current_state(client)))
            _apply(client, write, text)
        _, page = feed(client)
        now = current_state(client)
        for revision, copy in copies:
            items, _ = feed(client, revision, page["instance"], limit=3)
            assert replay(copy, items) == now
        assert replay({}, feed(client)[0]) == now


def _apply(client, write, text) -> None:
    action, target = write
    auth = {"Authorization": f"Bearer {TOKEN}"}
    patch = {**auth, "Content-Type": "application/merge-patch+json"}
    if action == "create":
        client.post("/events", json={**NEW_EVENT, "id": target, "title": text}, headers=auth)
    elif action == "retitle":
        client.patch(f"/events/{target}", json={"title": text}, headers=patch)
    elif action == "delete":
        client.delete(f"/events/{target}", headers=auth)
    elif action == "rename":
        table = "actors" if target == "janet-yellen" else "places"
        client.patch(f"/{table}/{target}", json={"name": text}, headers=patch)
    elif action == "tag":
        client.post("/tags", json={"id": target, "label": text}, headers=auth)
    else:
        client.delete(f"/tags/{target}", headers=auth)
