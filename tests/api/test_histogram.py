"""GET /histogram: counts per year or month under the timeline's filters."""

import pytest

from tests.helpers import ids, problem_of


def test_each_period_counts_the_events_the_timeline_finds_in_it(client):
    for interval in ("year", "month"):
        answer = client.get(f"/histogram?interval={interval}").get_json()
        assert answer["interval"] == interval
        assert answer["total"] == len(ids(client.get("/events?limit=100")))
        for item in answer["items"]:
            found = ids(client.get(f"/events?from={item['period']}&to={item['period']}&limit=100"))
            assert item["count"] == len(found), item


def test_an_event_spanning_two_years_counts_in_both(client):
    answer = client.get("/histogram?q=fiscal").get_json()
    assert [(i["period"], i["count"]) for i in answer["items"]] == [("2022", 1), ("2023", 1)]
    assert answer["total"] == 1


def test_filters_are_those_of_the_timeline(client):
    answer = client.get("/histogram?interval=month&tag=deaths").get_json()
    assert answer["total"] == len(ids(client.get("/events?tag=deaths")))
    assert [i["period"] for i in answer["items"] if i["count"]] == ["2024-03"]
    assert client.get("/histogram?q=nothing-matches-this").get_json() == {
        "interval": "year",
        "total": 0,
        "items": [],
    }


def test_fuzzy_counts_what_the_fuzzy_timeline_finds(client):
    exact = "from=2024-03-24&to=2024-03-24"
    fuzzy = f"{exact}&fuzzy=true"
    totals = [client.get(f"/histogram?{query}").get_json()["total"] for query in (exact, fuzzy)]
    found = [len(ids(client.get(f"/events?{query}"))) for query in (exact, fuzzy)]
    assert totals == found and totals[0] < totals[1]


def test_periods_stay_inside_from_and_to(client):
    items = client.get("/histogram?interval=month&from=2024-03&to=2024-03").get_json()["items"]
    assert [i["period"] for i in items] == ["2024-03"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("interval=week", "interval"), ("limit=5", "limit"), ("sort=-date", "sort")],
)
def test_bad_or_foreign_parameters_are_a_400_naming_them(client, query, parameter):
    problem = problem_of(client.get(f"/histogram?{query}"), 400)
    assert problem["errors"][0]["parameter"] == parameter


def test_histogram_is_not_shadowed_by_an_event_id(client):
    assert problem_of(client.get("/events/histogram"), 404)["status"] == 404
