"""The exports: TimelineJS, CSV and iCalendar, each under the timeline's filters."""

from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from service.app import create_app
from service.cli import main
from service.timelinejs_format import event_slide
from tests.helpers import ids, problem_of

EXPORTS = ("/exports/timelinejs.json", "/exports/events.csv", "/exports/events.ics")


def events_of(client, query: str = "") -> list[dict]:
    return client.get(f"/events?limit=100&{query}").get_json()["items"]


def vevents(response) -> list:
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return Calendar.from_ical(response.get_data()).walk("VEVENT")


# TimelineJS


def test_timelinejs_has_a_title_slide_and_one_slide_per_event_in_order(client):
    document = client.get("/exports/timelinejs.json").get_json()
    assert document["title"]["text"]["headline"]
    assert "AsiaNews" in document["title"]["text"]["text"]
    assert [s["unique_id"] for s in document["events"]] == ids(client.get("/events?limit=100"))
    assert document["scale"] == "human"


def test_timelinejs_dates_hold_only_what_the_date_is_known_to(client):
    slides = {
        s["unique_id"]: s for s in client.get("/exports/timelinejs.json").get_json()["events"]
    }
    pelosi = slides["pelosi-visits-taiwan-2022"]
    assert (pelosi["start_date"], pelosi["display_date"]) == ({"year": 2022}, "2022")
    assert "end_date" not in pelosi
    vienna = slides["mayorkas-wang-vienna-meeting-2024"]
    assert vienna["start_date"] == {"year": 2024, "month": 2}
    assert vienna["display_date"] == "February 2024"
    playa = slides["playa-vicente-bodies-found-2024"]
    assert playa["start_date"] == {"year": 2024, "month": 3, "day": 25}
    assert playa["display_date"] == "about 25 March 2024"
    yellen = slides["yellen-second-china-visit-2024"]
    assert (yellen["start_date"], yellen["end_date"]) == (
        {"year": 2024, "month": 4},
        {"year": 2024, "month": 4, "day": 8},
    )
    fiscal = slides["ice-repatriations-fiscal-2023"]
    assert fiscal["end_date"] == {"year": 2023, "month": 9, "day": 30}


def test_timelinejs_groups_by_the_label_of_the_first_tag(client):
    labels = {t["id"]: t["label"] for t in client.get("/tags").get_json()["items"]}
    slides = client.get("/exports/timelinejs.json").get_json()["events"]
    for event, slide in zip(events_of(client), slides, strict=True):
        assert slide["group"] == labels[event["tags"][0]]


def test_timelinejs_text_is_escaped_html(client):
    event = events_of(client, "tag=deaths")[0]
    slide = event_slide({**event, "title": "<b>bold</b> & co", "summary": "1 < 2"}, {})
    assert slide["text"]["headline"] == "&lt;b&gt;bold&lt;/b&gt; &amp; co"
    assert slide["text"]["text"].startswith("<p>1 &lt; 2</p>")


# CSV


def test_csv_over_http_is_what_the_command_exports(client, db_path, tmp_path):
    response = client.get("/exports/events.csv")
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    exported = tmp_path / "exported.csv"
    CliRunner().invoke(main, ["export", str(exported), "--db", str(db_path)])
    assert response.get_data() == exported.read_bytes()


def test_filtered_csv_reimports_with_timeline_load(client, tmp_path):
    wanted = ids(client.get("/events?tag=repatriation&limit=100"))
    csv_file = tmp_path / "repatriation.csv"
    csv_file.write_bytes(client.get("/exports/events.csv?tag=repatriation").get_data())
    other_db = tmp_path / "other.db"
    result = CliRunner().invoke(main, ["load", str(csv_file), "--db", str(other_db)])
    assert result.exit_code == 0, result.output
    reloaded = create_app({"TESTING": True, "TIMELINE_DB": str(other_db)}).test_client()
    assert ids(reloaded.get("/events?limit=100")) == wanted
    for event_id in wanted:
        assert (
            reloaded.get(f"/events/{event_id}").get_json()
            == client.get(f"/events/{event_id}").get_json()
        )


# iCalendar


def test_every_event_is_an_all_day_event_with_an_exclusive_end(client):
    events = events_of(client)
    calendar_events = vevents(client.get("/exports/events.ics"))
    assert len(calendar_events) == len(events)
    for event, vevent in zip(events, calendar_events, strict=True):
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        assert type(start) is date and type(end) is date
        assert start == date.fromisoformat(event["start"])
        assert end == date.fromisoformat(event["end"]) + timedelta(days=1)
        assert str(vevent["SUMMARY"]) == event["title"]
        assert str(vevent["URL"]).endswith(f"/events/{event['id']}")
    assert len({str(v["UID"]) for v in calendar_events}) == len(events)


@pytest.mark.parametrize(
    ("event_id", "dtstart", "dtend"),
    [
        ("pelosi-visits-taiwan-2022", "20220101", "20230101"),
        ("mayorkas-wang-vienna-meeting-2024", "20240201", "20240301"),
        ("mayorkas-hopeful-remarks-2024", "20240406", "20240407"),
        ("ice-repatriations-fiscal-2023", "20221001", "20231001"),
    ],
)
def test_all_day_events_cover_the_year_month_or_days_of_the_date(client, event_id, dtstart, dtend):
    text = client.get("/exports/events.ics").get_data(as_text=True)
    uid = text.index(f"UID:{event_id}@")
    block = text[text.rindex("BEGIN:VEVENT", 0, uid) : text.index("END:VEVENT", uid)]
    assert f"\r\nDTSTART;VALUE=DATE:{dtstart}\r\n" in block
    assert f"\r\nDTEND;VALUE=DATE:{dtend}\r\n" in block


def test_the_calendar_is_the_same_bytes_every_time(client):
    first = client.get("/exports/events.ics")
    assert client.get("/exports/events.ics").get_data() == first.get_data()
    assert client.get("/exports/events.ics").headers["ETag"] == first.headers["ETag"]


# Every export


@pytest.mark.parametrize("path", EXPORTS)
def test_exports_apply_the_timeline_filters_and_order(client, path):
    narrowed = client.get(f"{path}?tag=economy&sort=-date").get_data(as_text=True)
    everything = client.get(path).get_data(as_text=True)
    economy = ids(client.get("/events?tag=economy&sort=-date"))
    positions = [narrowed.index(event_id) for event_id in economy]
    assert positions == sorted(positions)
    others = set(ids(client.get("/events?limit=100"))) - set(economy)
    assert not [event_id for event_id in others if event_id in narrowed]
    assert all(event_id in everything for event_id in others)


@pytest.mark.parametrize("path", EXPORTS)
def test_exports_widen_approximate_dates_like_the_timeline(client, path):
    query = "from=2024-03-24&to=2024-03-24&fuzzy=true"
    assert "playa-vicente-bodies-found-2024" in ids(client.get(f"/events?{query}"))
    assert "playa-vicente-bodies-found-2024" in client.get(f"{path}?{query}").get_data(as_text=True)
    exact = client.get(f"{path}?from=2024-03-24&to=2024-03-24").get_data(as_text=True)
    assert "playa-vicente-bodies-found-2024" not in exact


@pytest.mark.parametrize("path", EXPORTS)
@pytest.mark.parametrize(("query", "parameter"), [("limit=5", "limit"), ("from=2024-13", "from")])
def test_exports_refuse_paging_and_bad_filters(client, path, query, parameter):
    problem = problem_of(client.get(f"{path}?{query}"), 400)
    assert problem["errors"][0]["parameter"] == parameter
