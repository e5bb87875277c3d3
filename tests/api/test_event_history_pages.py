"""``GET /events/{id}/history`` in pages: newest first, ``limit`` changes at most, an opaque
cursor in ``next`` and the ``Link`` header, and a 400 problem for any cursor it did not issue.

An anonymous read of an event's history used to return every change at once: 60 patches of
a large event made a 5 MB answer. Now no page holds more than ``MAX_HISTORY_PAGE`` changes.
"""

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.history import MAX_HISTORY_PAGE
from tests.helpers import examples, problem_of

EVENT = "two-sessions-2024"
PATCH = {"Content-Type": "application/merge-patch+json"}


def patch_titles(client, auth, count: int) -> None:
    for number in range(count):
        answer = client.patch(
            f"/events/{EVENT}", json={"title": f"Title {number}"}, headers={**auth, **PATCH}
        )
        assert answer.status_code == 200, answer.get_json()


def pages(client, url: str):
    """Every page from ``url`` on, following ``next``; checks each page's Link header."""
    while url is not None:
        answer = client.get(url)
        assert answer.status_code == 200, answer.get_json()
        body = answer.get_json()
        expected_link = None if body["next"] is None else f'<{body["next"]}>; rel="next"'
        assert answer.headers.get("Link") == expected_link
        yield body
        url = body["next"]


@settings(
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(patches=st.integers(0, 30), limit=st.integers(1, MAX_HISTORY_PAGE))
def test_following_next_gives_every_change_once_newest_first_in_bounded_pages(
    app, auth, patches, limit
):
    client = app.test_client()
    patch_titles(client, auth, patches)
    bodies = list(pages(client, f"/events/{EVENT}/history?limit={limit}"))
    changes = [change for body in bodies for change in body["items"]]
    assert all(1 <= len(body["items"]) <= limit for body in bodies)
    assert [c["id"] for c in changes] == sorted({c["id"] for c in changes}, reverse=True)
    assert changes[-1]["action"] == "create" and changes[-1]["before"] is None
    newest_titles = [c["after"]["title"] for c in changes[: min(patches, 3)]]
    assert newest_titles == [f"Title {n}" for n in range(patches - 1, patches - 4, -1)][:patches]


def test_sixty_patches_are_not_one_answer(client, auth):
    patch_titles(client, auth, 60)
    first = client.get(f"/events/{EVENT}/history").get_json()
    assert len(first["items"]) == 10 and first["next"]
    assert first["items"][0]["after"]["title"] == "Title 59"
    most = client.get(f"/events/{EVENT}/history?limit={MAX_HISTORY_PAGE}").get_json()
    assert len(most["items"]) == MAX_HISTORY_PAGE


@pytest.mark.parametrize("limit", ["0", str(MAX_HISTORY_PAGE + 1), "1000", "-1", "x", "١"])
def test_a_limit_outside_the_contract_is_a_400_naming_it(client, limit):
    answer = client.get(f"/events/{EVENT}/history", query_string={"limit": limit})
    assert [e["parameter"] for e in problem_of(answer, 400)["errors"]] == ["limit"]


def cursor_of(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


# Payloads shaped like the cursors this service issues, but not issued by it.
NEAR_MISSES = [
    [1, "history", 0],
    [1, "history", -5],
    [1, "history", 2**63],
    [1, "history", "5"],
    [1, "history", 5.0],
    [1, "history", True],
    [2, "history", 5],
    [True, "history", 5],
    [1, "History", 5],
    [1, "history", 5, 6],
    [1, "date", "2022-01-01", "2022-12-31", "pelosi-visits-taiwan-2022"],
    {"history": 5},
]


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    cursor=st.one_of(
        st.text(max_size=60),
        st.sampled_from(NEAR_MISSES).map(cursor_of),
        st.binary(max_size=40).map(lambda b: base64.urlsafe_b64encode(b).decode()),
    )
)
def test_a_cursor_it_did_not_issue_is_a_400_naming_it(client, cursor):
    answer = client.get(f"/events/{EVENT}/history", query_string={"cursor": cursor})
    assert [e["parameter"] for e in problem_of(answer, 400)["errors"]] == ["cursor"]


def test_a_timeline_cursor_is_not_a_history_cursor_nor_the_reverse(client, auth):
    patch_titles(client, auth, 3)
    history_next = client.get(f"/events/{EVENT}/history?limit=1").get_json()["next"]
    events_next = client.get("/events?limit=1").get_json()["next"]
    history_cursor = history_next.split("cursor=")[1]
    events_cursor = events_next.split("cursor=")[1]
    problem_of(client.get(f"/events?limit=1&cursor={history_cursor}"), 400)
    problem_of(client.get(f"/events/{EVENT}/history?cursor={events_cursor}"), 400)


def test_an_unknown_event_is_a_404_with_or_without_a_cursor(client, auth):
    patch_titles(client, auth, 2)
    history_next = client.get(f"/events/{EVENT}/history?limit=1").get_json()["next"]
    cursor = history_next.split("cursor=")[1]
    problem_of(client.get("/events/never-existed/history"), 404)
    problem_of(client.get(f"/events/never-existed/history?cursor={cursor}"), 404)
