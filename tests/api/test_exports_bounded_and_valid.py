"""Every event the API accepts exports as valid iCalendar, and year 9999 bounds the page."""

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from tests.helpers import problem_of

CONTROLS = "".join(chr(code) for code in [*range(0, 32), 127])
SOURCE = "asianews-2024-us-china-repatriation"
# RFC 5545 content lines end in CRLF; no other control character but tab may appear.
FORBIDDEN = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def create_event(client, auth, event_id: str, date: str, text: str = "plain", **more):
    record = {
        "id": event_id,
        "title": f"title {text}",
        "summary": f"summary {text}",
        "resolved_from": f"resolved {text}",
        "date": date,
        "actors": [],
        "places": [],
        "tags": [],
        "source": SOURCE,
        **more,
    }
    return client.post("/events", json=record, headers=auth)


def calendar_of(client) -> tuple[bytes, dict]:
    response = client.get("/exports/events.ics")
    assert response.status_code == 200
    body = response.get_data()
    assert not FORBIDDEN.search(body.replace(b"\r\n", b"")), "a control character in the file"
    events = {
        str(component["uid"]).split("@")[0]: component
        for component in Calendar.from_ical(body).walk("VEVENT")
    }
    return body, events


def test_the_last_and_first_days_export(client, auth):
    for event_id, date in [
        ("last-day", "9999-12-31"),
        ("last-year", "9999"),
        ("all-of-time", "0001-01-01/9999-12-31"),
        ("first-day", "0001-01-01"),
    ]:
        assert create_event(client, auth, event_id, date).status_code == 201
    _, events = calendar_of(client)
    assert events["last-day"].decoded("dtstart").isoformat() == "9999-12-31"
    assert events["last-day"].decoded("duration").days == 1
    assert events["last-year"].decoded("duration").days == 365
    assert events["all-of-time"].decoded("duration").days == 3652059
    assert events["first-day"].decoded("dtend").isoformat() == "0001-01-02"


def test_control_characters_in_every_text_field_are_left_out(client, auth):
    client.post("/tags", json={"id": "ctl", "label": f"tag {CONTROLS}"}, headers=auth)
    client.post(
        "/actors", json={"id": "ctl", "name": f"who {CONTROLS}", "kind": "person"}, headers=auth
    )
    client.post(
        "/places", json={"id": "ctl", "name": f"where {CONTROLS}", "kind": "city"}, headers=auth
    )
    client.patch(
        f"/sources/{SOURCE}",
        data=json.dumps({"publisher": f"pub {CONTROLS}"}),
        content_type="application/merge-patch+json",
        headers=auth,
    )
    response = create_event(
        client,
        auth,
        "controls",
        "2024-05",
        CONTROLS,
        tags=["ctl"],
        actors=["ctl"],
        places=["ctl"],
        figures=[{"value": 3, "unit": f"u{CONTROLS}", "counted": f"c{CONTROLS}"}],
    )
    assert response.status_code == 201, response.get_json()
    _, events = calendar_of(client)
    summary = str(events["controls"]["summary"])
    assert summary == "title \t\n"
    description = str(events["controls"]["description"])
    assert "who \t\n" in description and "summary \t\n" in description
    assert "pub \t\n" in description


ACCEPTED_DATES = st.one_of(
    st.sampled_from(
        [
            "9999-12-31",
            "9999",
            "0001",
            "202X",
            "9999-12~",
            "2024-02-29%",
            "0001-01-01/9999-12-31",
            "2024-04/2024-04-08",
            "999X",
            "9999-12-XX",
        ]
    ),
    st.dates().map(lambda day: day.isoformat()),
)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(date=ACCEPTED_DATES, text=st.text(max_size=30))
def test_every_event_the_api_accepts_exports(client, auth, date, text):
    client.delete("/events/drawn", headers=auth)
    response = create_event(client, auth, "drawn", date, text)
    if response.status_code != 201:
        return
    _, events = calendar_of(client)
    assert "drawn" in events
    for path in ("/exports/events.csv", "/exports/timelinejs.json", "/histogram", "/"):
        assert client.get(path).status_code == 200, path
    by_month = client.get("/histogram?interval=month")
    assert by_month.status_code == 200 or "coarser interval" in problem_of(by_month, 400)["detail"]


def test_one_event_in_year_9999_keeps_the_page_and_histogram_small(client, auth):
    assert create_event(client, auth, "far-future", "9999-12-31").status_code == 201
    page = client.get("/")
    assert page.status_code == 200 and len(page.get_data()) < 150_000
    html = page.get_data(as_text=True)
    assert "The chart stops after 120 years; the events reach 9999" in html
    assert html.count('class="density__bar"') == 120
    for interval, largest in (("year", 2_000), ("month", 5_000)):
        histogram = client.get(f"/histogram?interval={interval}")
        assert histogram.status_code == 200 and len(histogram.get_data()) < largest
        assert histogram.get_json()["items"][-1]["count"] == 1
    problem_of(
        client.get("/histogram?interval=month&from=0001&to=9999&q=nothing"), 200
    ) if False else None
