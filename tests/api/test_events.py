"""GET /events and /events/{id} through the Flask test client, on the bundled dataset."""

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.api.events import EXAMPLE_EVENT
from service.files.db import get_db
from tests.helpers import KEY_EVENTS_IN_ORDER, examples, ids, problem_of


def test_timeline_is_in_chronological_order(client):
    items = client.get("/events?limit=100").get_json()["items"]
    keys = [(e["start"], e["end"], e["id"]) for e in items]
    assert keys == sorted(keys)
    assert len(items) == 18
    positions = [[e["id"] for e in items].index(i) for i in KEY_EVENTS_IN_ORDER]
    assert positions == sorted(positions)


def test_newest_first_reverses_the_order(client):
    oldest_first = ids(client.get("/events?limit=100"))
    assert ids(client.get("/events?limit=100&sort=-date")) == oldest_first[::-1]


def test_event_carries_edtf_date_and_derived_bounds(client):
    event = client.get("/events/playa-vicente-bodies-found-2024").get_json()
    assert event["date"] == "2024-03-25~"
    assert (event["start"], event["end"], event["precision"]) == ("2024-03-25", "2024-03-25", "day")
    assert event["approximate"] is True and event["uncertain"] is False
    assert "two weeks ago" in event["resolved_from"]
    assert event["figures"] == [
        {
            "value": 8,
            "unit": "people",
            "counted": "Chinese nationals found dead",
            "qualifier": "exactly",
        }
    ]
    assert event["places"] == [{"id": "playa-vicente", "name": "Playa Vicente, Oaxaca"}]


def test_month_event_matches_a_day_inside_it(client):
    assert "mayorkas-wang-vienna-meeting-2024" in ids(
        client.get("/events?from=2024-02-15&to=2024-02-15")
    )


def test_from_means_first_day_and_to_means_last_day_of_their_period(client):
    found = ids(client.get("/events?from=2024-04&to=2024-04"))
    assert "mayorkas-says-repatriation-under-discussion-2024" in found
    assert "playa-vicente-bodies-found-2024" not in found


@pytest.mark.parametrize("day", ["2024-03-18", "2024-03-24", "2024-03-26", "2024-04-01"])
def test_fuzzy_finds_an_approximate_day_a_week_either_side(client, day):
    """2024-03-25~ ('two weeks ago') covers 25 March; fuzzy=true widens it by 7 days."""
    window = f"from={day}&to={day}"
    assert "playa-vicente-bodies-found-2024" in ids(client.get(f"/events?{window}&fuzzy=true"))
    if day != "2024-03-25":
        assert "playa-vicente-bodies-found-2024" not in ids(client.get(f"/events?{window}"))


def test_fuzzy_stops_at_the_margin_and_leaves_exact_dates_alone(client):
    for day in ("2024-03-17", "2024-04-02"):
        assert "playa-vicente-bodies-found-2024" not in ids(
            client.get(f"/events?from={day}&to={day}&fuzzy=true")
        )
    # 2024-02 (Vienna) is exact: a day after February does not find it, fuzzy or not.
    assert "mayorkas-wang-vienna-meeting-2024" not in ids(
        client.get("/events?from=2024-03-01&to=2024-03-01&fuzzy=true")
    )
    # 2023-07~ (Yellen's first trip) widens by its 31 days: 31 May to 31 August 2023.
    for day, found in (("2023-05-31", True), ("2023-08-31", True), ("2023-09-01", False)):
        window = f"from={day}&to={day}&fuzzy=true"
        assert ("yellen-first-china-visit-2023" in ids(client.get(f"/events?{window}"))) is found


def test_within_keeps_only_events_inside_the_range(client):
    found = ids(client.get("/events?from=2024&to=2024&relation=within"))
    assert "mayorkas-wang-vienna-meeting-2024" in found
    assert "ice-repatriations-fiscal-2023" not in found
    assert set(found) == set(
        ids(client.get("/events?from=2024-01-01&to=2024-12-31&relation=within"))
    )


def test_contains_keeps_events_covering_the_whole_range(client):
    found = ids(client.get("/events?from=2023-03&to=2023-05&relation=contains"))
    assert found == [
        "chinese-border-crossings-rise-2024",
        "ice-repatriations-fiscal-2023",
        "china-ev-solar-output-2023",
        "record-border-arrests-2023",
    ]


def test_text_search_finds_words_in_title_and_summary(client):
    assert ids(client.get("/events?q=Oaxaca")) == ["playa-vicente-bodies-found-2024"]
    assert set(ids(client.get("/events?q=yellen"))) == {
        "yellen-first-china-visit-2023",
        "yellen-second-china-visit-2024",
        "yellen-li-qiang-talks-2024",
        "beijing-plans-to-raise-exports-2024",
    }


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=40))
def test_any_text_is_a_valid_search(client, text):
    assert client.get("/events", query_string={"q": text}).status_code == 200


def test_repeated_tags_must_all_match(client):
    economy = set(ids(client.get("/events?tag=economy")))
    both = ids(client.get("/events?tag=economy&tag=trade"))
    assert set(both) < economy
    assert both == ["china-ev-solar-output-2023", "beijing-plans-to-raise-exports-2024"]


def test_actor_and_place_filters(client):
    assert ids(client.get("/events?actor=alejandro-mayorkas")) == [
        "mayorkas-hopeful-on-nbc-news-2024",  # undated: the window up to publication
        "mayorkas-wang-vienna-meeting-2024",
        "mayorkas-says-repatriation-under-discussion-2024",
    ]
    assert ids(client.get("/events?place=vienna")) == ["mayorkas-wang-vienna-meeting-2024"]
    assert ids(client.get("/events?actor=nobody-at-all")) == []


def test_pages_follow_next_links_to_the_whole_timeline(client):
    everything = ids(client.get("/events?limit=100"))
    seen, url = [], "/events?limit=5"
    while url:
        response = client.get(url)
        seen += ids(response)
        url = response.get_json()["next"]
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
            assert parse_qs(urlsplit(url).query)["limit"] == ["5"]
        else:
            assert "Link" not in response.headers
    assert seen == everything


def test_pages_keep_the_filters(client):
    first = client.get("/events?tag=us-china-relations&limit=2").get_json()
    second = client.get(first["next"]).get_json()
    filtered = ids(client.get("/events?tag=us-china-relations"))
    assert [e["id"] for e in first["items"] + second["items"]] == filtered[:4]


def test_default_limit_is_twenty_and_next_is_null_on_last_page(client):
    body = client.get("/events").get_json()
    assert len(body["items"]) == 18 and body["next"] is None


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("from=2024-13", "from", "not a calendar date"),
        ("to=2023-02-29", "to", "not a calendar date"),
        ("from=yesterday", "from", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("from=2024-05&to=2024-01", "from", "after to"),
        ("limit=0", "limit", "greater than or equal to 1"),
        ("limit=101", "limit", "less than or equal to 100"),
        ("limit=ten", "limit", "Not a valid integer"),
        ("cursor=not-a-cursor", "cursor", "not one this service issued"),
        ("relation=near", "relation", "Must be one of"),
        ("fuzzy=true&relation=within", "fuzzy", "overlaps only"),
        ("fuzzy=perhaps", "fuzzy", "Not a valid boolean"),
        ("sort=title", "sort", "Must be one of"),
        ("tag=Not%20A%20Slug", "tag", "match"),
        ("form=2024", "form", "Unknown field"),
    ],
)
def test_bad_query_gets_a_problem_naming_the_parameter(client, query, parameter, message):
    body = problem_of(client.get(f"/events?{query}"), 400)
    assert body["errors"][0]["parameter"] == parameter
    assert message in body["errors"][0]["detail"]
    assert parameter in body["detail"]


def test_cursor_from_another_sort_order_is_rejected(client):
    next_url = client.get("/events?limit=2").get_json()["next"]
    cursor = parse_qs(urlsplit(next_url).query)["cursor"][0]
    body = problem_of(client.get(f"/events?limit=2&sort=-date&cursor={cursor}"), 400)
    assert "sort=date" in body["detail"]


def test_unknown_event_is_a_404_problem(client):
    assert "no event with id 'nope'" in problem_of(client.get("/events/nope"), 404)["detail"]


def test_unknown_route_is_a_404_problem(client):
    problem_of(client.get("/no/such/route"), 404)


def test_wrong_method_is_a_405_problem_with_allow(client):
    response = client.put("/events")
    problem_of(response, 405)
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_a_page_reads_the_data_revision_once_and_still_sees_a_new_kind_of_span(app, client, auth):
    """The page query takes the revision the request's read snapshot already read; a write
    that adds a span class (a decade) moves the revision, so the next page includes it."""
    statements = []
    with app.app_context():
        get_db().conn.set_trace_callback(statements.append)
    assert client.get("/events?from=2024-01-01&to=2024-12-31").status_code == 200
    revision_reads = [s for s in statements if "FROM meta" in s]
    assert len(revision_reads) == 1, statements
    decade = {**EXAMPLE_EVENT, "id": "a-decade", "date": "201X", "title": "A decade of talks"}
    assert client.post("/events", json=decade, headers=auth).status_code == 201
    found = client.get("/events?from=2015-06-01&to=2015-06-01&limit=100").get_json()
    assert "a-decade" in [event["id"] for event in found["items"]]
