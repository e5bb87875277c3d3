"""The real server: `timeline serve` builds the database and gunicorn answers over HTTP."""

import json
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.headers, response.read()


def test_gunicorn_serves_the_timeline_over_http(server):
    status, headers, body = get(f"{server.url}/events?limit=3")
    page = json.loads(body)
    assert status == 200 and len(page["items"]) == 3
    assert page["next"].startswith(f"{server.url}/events?limit=3&cursor=")
    assert headers["Link"] == f'<{page["next"]}>; rel="next"'


def test_gunicorn_answers_bad_input_with_a_problem(server):
    with pytest.raises(urllib.error.HTTPError) as error:
        get(f"{server.url}/events?from=2024-13")
    assert error.value.code == 400
    assert error.value.headers["Content-Type"] == "application/problem+json"
    assert json.loads(error.value.read())["errors"][0]["parameter"] == "from"
