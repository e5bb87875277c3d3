"""The order in which a write is checked, as the README and the contract state it.

A request that fails several checks is answered by the first: a replica refuses any write
(405); then the token (401); then the request itself: body size (413), media type (415),
JSON and If-Match syntax (400), the body's fields against the schema (422); then the item
(404); then the precondition (412); last what the write refers to (unknown ids, 422) or
collides with (409). Each case below fails two checks at once, the later one always stale
If-Match or an unknown id, so a reordering fails here.
"""

import pytest

from service.app import create_app
from tests.helpers import TOKEN

EVENT = "/events/two-sessions-2024"
STALE = {"If-Match": '"an-older-version"'}
MERGE_PATCH = "application/merge-patch+json"
VALID_EVENT = {
    "title": "A title",
    "summary": "A summary.",
    "date": "2024-04",
    "source": "asianews-2024-us-china-repatriation",
}

CASES = {
    "no token before a stale If-Match": (
        ("PATCH", EVENT, {**STALE}, MERGE_PATCH, b'{"date": 5}'),
        401,
    ),
    "a body too large before a stale If-Match": (
        (
            "PATCH",
            EVENT,
            {"auth": True, **STALE},
            MERGE_PATCH,
            b'{"title": "' + b"x" * 70_000 + b'"}',
        ),
        413,
    ),
    "a body not JSON before a stale If-Match": (
        ("PATCH", EVENT, {"auth": True, **STALE}, "text/plain", b"title"),
        415,
    ),
    "malformed JSON before a stale If-Match": (
        ("PATCH", EVENT, {"auth": True, **STALE}, MERGE_PATCH, b'{"title": '),
        400,
    ),
    "a malformed If-Match before an invalid field": (
        ("PATCH", EVENT, {"auth": True, "If-Match": "not-a-tag"}, MERGE_PATCH, b'{"date": 5}'),
        400,
    ),
    "an invalid field before a stale If-Match": (
        ("PATCH", EVENT, {"auth": True, **STALE}, MERGE_PATCH, b'{"date": 5}'),
        422,
    ),
    "a missing item before a stale If-Match": (
        ("DELETE", "/events/not-there", {"auth": True, **STALE}, None, None),
        404,
    ),
    "a stale If-Match before an unknown tag": (
        ("PATCH", EVENT, {"auth": True, **STALE}, MERGE_PATCH, b'{"tags": ["not-a-tag"]}'),
        412,
    ),
    "a stale If-Match before a still-cited actor": (
        ("DELETE", "/actors/alejandro-mayorkas", {"auth": True, **STALE}, None, None),
        412,
    ),
}


def send(client, method, path, headers, content_type, body):
    headers = dict(headers)
    if headers.pop("auth", False):
        headers["Authorization"] = f"Bearer {TOKEN}"
    return client.open(path, method=method, headers=headers, content_type=content_type, data=body)


@pytest.mark.parametrize("case", list(CASES))
def test_the_first_failing_check_answers(client, case):
    request, status = CASES[case]
    answer = send(client, *request)
    assert answer.status_code == status, answer.get_data(as_text=True)
    assert answer.mimetype == "application/problem+json"


@pytest.mark.parametrize("case", list(CASES))
def test_a_read_only_replica_refuses_before_any_other_check(db_path, case):
    create_app({"TIMELINE_DB": str(db_path), "TIMELINE_API_TOKEN": TOKEN})  # builds the file
    replica = create_app(
        {"TIMELINE_DB": str(db_path), "TIMELINE_API_TOKEN": TOKEN, "TIMELINE_READ_ONLY": "1"}
    ).test_client()
    request, _ = CASES[case]
    assert send(replica, *request).status_code == 405


def test_with_every_check_passed_the_write_happens(client, auth):
    current = client.get(EVENT)
    answer = client.put(
        EVENT, json=VALID_EVENT, headers={**auth, "If-Match": current.headers["ETag"]}
    )
    assert answer.status_code == 200 and answer.get_json()["title"] == "A title"
