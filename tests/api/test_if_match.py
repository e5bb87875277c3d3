"""If-Match on every write of every resource: strong comparison, and no bypass (RFC 9110).

A weak tag never matches (412); a header that is not ``*`` or a list of entity tags is a
400 naming If-Match; neither ever lets the write through unconditionally.
"""

import json

import pytest

from tests.helpers import problem_of

ITEMS = {
    "/events/two-sessions-2024": {
        "title",
        "summary",
        "date",
        "resolved_from",
        "tags",
        "figures",
        "source",
        "evidence",
    },
    "/actors/janet-yellen": {"name", "kind", "role"},
    "/places/vienna": {"name", "kind", "country"},
    "/tags/economy": {"label"},
    "/sources/asianews-2024-us-china-repatriation": {
        "title",
        "publisher",
        "author",
        "published",
        "language",
        "file",
        "url",
        "sha256",
        "length",
        "notes",
    },
}
MALFORMED = ['"abc', ",", "abc", "W/", 'W/"a', '""x', '"a" "b"', '*, "a"', 'W/ "a"', ',"a"']


def replacement(document: dict, fields: set[str]) -> dict:
    body = {name: document[name] for name in fields}
    if "actors" in document:
        body["actors"] = [actor["id"] for actor in document["actors"]]
        body["places"] = [place["id"] for place in document["places"]]
    return body


def write(client, auth, method: str, path: str, body: dict, if_match: str):
    headers = {**auth, "If-Match": if_match}
    if method == "PATCH":
        return client.patch(
            path, data=json.dumps({}), content_type="application/merge-patch+json", headers=headers
        )
    if method == "PUT":
        return client.put(path, json=body, headers=headers)
    return client.delete(path, headers=headers)


@pytest.mark.parametrize("path", ITEMS)
def test_if_match_cannot_be_bypassed_on_any_write(client, auth, path):
    before = client.get(path)
    etag = before.headers["ETag"]
    body = replacement(before.get_json(), ITEMS[path])
    for method in ("PUT", "PATCH", "DELETE"):
        for header in [f"W/{etag}", f'W/{etag}, "other"', '"other"', "", " "]:
            problem_of(write(client, auth, method, path, body, header), 412)
        for header in MALFORMED:
            problem = problem_of(write(client, auth, method, path, body, header), 400)
            assert problem["errors"] == [
                {"parameter": "If-Match", "detail": problem["errors"][0]["detail"]}
            ]
            assert "entity tags" in problem["detail"]
    assert client.get(path).get_data() == before.get_data()
    for header in [etag, f'W/"x", {etag}', f' {etag} , "x"', "*"]:
        response = write(client, auth, "PUT", path, body, header)
        assert response.status_code == 200, (header, response.get_json())
        etag = response.headers["ETag"]
    assert write(client, auth, "DELETE", path, body, etag).status_code in (204, 409)


def test_a_comma_inside_an_entity_tag_is_part_of_the_tag(client, auth):
    path = "/tags/economy"
    response = write(client, auth, "PUT", path, {"label": "Economy"}, '"a,b", "c"')
    problem_of(response, 412)
