"""Every kind on every surface: for each entry of ``KINDS``, a new item and an event naming it
are written through the API, and each surface must then show that item for that event: the
API (the event's field, the filter, the list), CSV, XLSX, iCalendar, TimelineJS, the change
feed, the Atom feed and the page. A surface that lists its kinds by hand and forgets one
fails here, naming the surface and the kind."""

import csv
import io
import json
from xml.etree import ElementTree

import openpyxl
import pytest
from icalendar import Calendar

from service.core.kinds import KINDS, LINKED_KINDS, Kind
from service.files.dataset import BUNDLED_DATASET, read_dataset

ATOM = "{http://www.w3.org/2005/Atom}"
BUNDLED = read_dataset(BUNDLED_DATASET)
BUNDLED_SOURCE = BUNDLED["sources"][0]["id"]


def kind_id(kind: Kind) -> str:
    return kind.table


@pytest.fixture(params=KINDS, ids=kind_id)
def kind(request) -> Kind:
    return request.param


@pytest.fixture
def item(kind: Kind) -> dict:
    """A new item of ``kind``: a bundled one's fields with a new id and a label found nowhere
    else."""
    template = BUNDLED[kind.table][0]
    return {**template, "id": f"new-{kind.singular}", kind.label: f"Quokka {kind.title} Zed"}


@pytest.fixture
def event_id(client, auth, kind: Kind, item: dict) -> str:
    """An event that names ``item``, written after it."""
    created = client.post(f"/{kind.table}", json=item, headers=auth)
    assert created.status_code == 201, created.get_json()
    event = {
        "id": "names-the-new-item",
        "title": "An event that names the new item",
        "summary": "Written to see the new item on every surface.",
        "date": "2031-05-06",
        "source": BUNDLED_SOURCE,
    }
    event[kind.table if kind.linked else kind.singular] = (
        [item["id"]] if kind.linked else item["id"]
    )
    written = client.post("/events", json=event, headers=auth)
    assert written.status_code == 201, written.get_json()
    return event["id"]


def column_of(kind: Kind) -> str:
    """The event field (and export column) that names items of ``kind``."""
    return kind.table if kind.linked else kind.singular


def test_the_api_lists_the_item_and_the_event_names_it(client, kind, item, event_id):
    listed = client.get(f"/{kind.table}").get_json()["items"]
    assert item["id"] in [row["id"] for row in listed]
    event = client.get(f"/events/{event_id}").get_json()
    expected = item["id"]
    if kind.linked:
        named = {"id": item["id"], "name": item[kind.label]}
        expected = [named] if kind.named_in_documents else [item["id"]]
    assert event[column_of(kind)] == expected


@pytest.mark.parametrize("kind", LINKED_KINDS, ids=kind_id)
def test_the_events_filter_by_the_item(client, kind, item, event_id):
    found = client.get(f"/events?{kind.singular}={item['id']}").get_json()["items"]
    assert [event["id"] for event in found] == [event_id]


def test_csv_has_the_item_in_its_column(client, kind, item, event_id):
    rows = list(csv.DictReader(io.StringIO(client.get("/exports/events.csv").text)))
    (row,) = [row for row in rows if row["id"] == event_id]
    assert row[column_of(kind)] == item["id"]


def test_xlsx_has_the_item_in_its_column(client, kind, item, event_id):
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/exports/events.xlsx").data))
    header, *rows = list(workbook.active.iter_rows(values_only=True))
    (row,) = [dict(zip(header, row, strict=True)) for row in rows if row[0] == event_id]
    assert row[column_of(kind)] == item["id"]


def test_icalendar_shows_the_item_on_the_event(client, kind, item, event_id):
    calendar = Calendar.from_ical(client.get("/exports/events.ics").data)
    (vevent,) = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith(event_id)]
    shown = json.dumps({key: str(value) for key, value in vevent.items()}, ensure_ascii=False)
    categories = vevent.get("categories")
    if categories is not None:
        shown += " ".join(str(c) for c in categories.cats)
    assert item[kind.label] in shown


def test_timelinejs_shows_the_item_on_the_event(client, kind, item, event_id):
    document = client.get("/exports/timelinejs.json?from=2031").get_json()
    (slide,) = [s for s in document["events"] if s["unique_id"] == event_id]
    shown = json.dumps([slide, document["title"]], ensure_ascii=False)
    assert item[kind.label] in shown


def test_the_change_feed_records_the_item(client, kind, item, event_id):
    changes = client.get("/changes?limit=1000").get_json()["items"]
    (change,) = [c for c in changes if (c["kind"], c["id"]) == (kind.singular, item["id"])]
    assert change["action"] == "create" and change["item"][kind.label] == item[kind.label]
    assert change["url"].endswith(f"/{kind.table}/{item['id']}")
    assert client.get(change["url"]).status_code == 200


def test_the_atom_feed_names_the_item(client, kind, item, event_id):
    root = ElementTree.fromstring(client.get("/feeds/changes.atom").data)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    assert f"{kind.title} created: {item[kind.label]}" in titles


def test_the_page_shows_the_item_on_the_event_and_offers_it_as_a_filter(
    client, kind, item, event_id
):
    html = client.get("/?from=2031").text
    card = html.split(f'data-event-id="{event_id}"')[1].split("</li>")[0]
    if not kind.linked:  # the page names its sources once, under the events
        assert item[kind.label] in html.split('class="site-footer"')[1]
        return
    link = f'href="/?{kind.singular}={item["id"]}">{item[kind.label]}</a>'
    assert link in card
    option = f'<option value="{item["id"]}">{item[kind.label]} (1)</option>'
    assert option in html
