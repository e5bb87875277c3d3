"""GET / and /timeline through the Flask test client: content, filters, and safety."""

import re
from html.parser import HTMLParser

import jsonschema
import pytest

from service.formats.registry import EXPORTS
from tests.helpers import KEY_EVENTS_IN_ORDER, committed_contract, ids

CONTRACT = committed_contract()


class PageParser(HTMLParser):
    """Collects what the tests look at: event ids, headings, tags and attributes."""

    def __init__(self):
        super().__init__()
        self.event_ids, self.tags, self.headings, self.times = [], [], [], []
        self._heading = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "data-event-id" in attrs:
            self.event_ids.append(attrs["data-event-id"])
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [tag, ""]
        if tag == "time":
            self.times.append([attrs["datetime"], ""])

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
        if self.times and self.times[-1][1] == "" and self.lasttag == "time":
            self.times[-1][1] = data

    def handle_endtag(self, tag):
        if self._heading is not None and tag == self._heading[0]:
            self.headings.append((tag, " ".join(self._heading[1].split())))
            self._heading = None


def page(client, url: str = "/", status: int = 200) -> tuple[PageParser, str]:
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    parser = PageParser()
    parser.feed(html)
    return parser, html


def test_page_lists_every_event_in_timeline_order(client):
    parsed, _ = page(client)
    assert parsed.event_ids == ids(client.get("/events?limit=100"))
    positions = [parsed.event_ids.index(event_id) for event_id in KEY_EVENTS_IN_ORDER]
    assert positions == sorted(positions)
    assert page(client, "/timeline")[0].event_ids == parsed.event_ids


def test_dates_are_written_in_words_with_their_precision(client):
    parsed, html = page(client)
    times = dict((words, value) for value, words in parsed.times)
    assert times["2022"] == "2022"
    assert times["February 2024"] == "2024-02"
    assert times["about 25 March 2024"] == "2024-03-25"
    assert times["1 October 2022 – 30 September 2023"] == "2022-10-01"
    for words in ("known to the day", "known to the month", "year only", "approximate"):
        assert words in html


def test_events_are_grouped_by_year_then_month(client):
    headings = page(client)[0].headings
    years = [text.split()[0] for tag, text in headings if tag == "h3"]
    assert years == ["2019", "2022", "2023", "2024"]
    under_2024 = headings[headings.index(("h3", "2024 11 events")) :]
    months = [text for tag, text in under_2024 if tag == "h4"]
    assert months == ["January", "February", "March", "April"]
    assert ("h4", "Month not given") in headings
    assert [tag for tag, _ in headings].count("h1") == 1


def test_each_event_shows_who_where_tags_figures_and_a_json_link(client):
    _, html = page(client, "/?tag=deaths")
    assert "Playa Vicente, Oaxaca" in html and "8 people" in html
    assert 'href="/?place=playa-vicente"' in html and 'href="/?tag=migration"' in html
    assert 'href="/events/playa-vicente-bodies-found-2024"' in html
    assert "How this date was worked out" in html


def test_the_filter_form_narrows_the_list_like_the_api(client):
    for query in ("tag=economy", "q=Mayorkas", "actor=janet-yellen", "from=2024-03&to=2024-04"):
        assert page(client, f"/?{query}")[0].event_ids == ids(client.get(f"/events?{query}"))


def test_the_widen_box_finds_approximate_dates_near_the_window(client):
    query = "from=2024-03-24&to=2024-03-24&fuzzy=true"
    parsed, _ = page(client, f"/?{query}")
    assert parsed.event_ids == ids(client.get(f"/events?{query}")) != []
    box = next(a for t, a in parsed.tags if a.get("id") == "filter-fuzzy")
    assert box["type"] == "checkbox" and "checked" in box
    unchecked = next(a for t, a in page(client)[0].tags if a.get("id") == "filter-fuzzy")
    assert "checked" not in unchecked


def test_empty_form_fields_mean_no_filter(client):
    submitted = "/?q=&from=&to=&relation=&sort=&tag=deaths&actor=&place="
    assert page(client, submitted)[0].event_ids == ids(client.get("/events?tag=deaths"))


@pytest.mark.parametrize("path", ["/", "/timeline"])
def test_every_filter_left_empty_is_no_filter_and_the_contract_says_so(client, path):
    """A form sends its fields empty; the contract must admit "" for each (schemathesis once
    found ``fuzzy=`` answered 200 where the contract said boolean)."""
    operation = CONTRACT["paths"][path]["get"]
    for parameter in operation["parameters"]:
        if parameter["in"] != "query":
            continue
        name = parameter["name"]
        schema = parameter["schema"]
        admitted = schema["items"] if schema.get("type") == "array" else schema
        jsonschema.validate("", admitted)
        answer = client.get(f"{path}?{name}=")
        assert answer.status_code == 200, name
        assert page(client, f"{path}?{name}=")[0].event_ids == page(client)[0].event_ids


def test_newest_first_reverses_the_page(client):
    oldest_first = page(client)[0].event_ids
    assert page(client, "/?sort=-date")[0].event_ids == oldest_first[::-1]


def test_downloads_carry_the_filters(client):
    _, html = page(client, "/?tag=deaths&q=")
    for export in EXPORTS:
        assert f'href="/exports/{export.file_name}?tag=deaths"' in html
    assert 'href="/docs"' in html


def test_the_page_describes_itself_to_search_engines(client):
    parsed, _ = page(client)
    descriptions = [
        attrs["content"]
        for tag, attrs in parsed.tags
        if tag == "meta" and attrs.get("name") == "description"
    ]
    assert len(descriptions) == 1
    source = client.get("/sources").get_json()["items"][0]
    assert f"{source['publisher']}, {source['title']}" in descriptions[0]
    assert 50 <= len(descriptions[0]) <= 400


def test_density_bars_are_the_histogram(client):
    parsed, _ = page(client)
    bars = [attrs for tag, attrs in parsed.tags if attrs.get("class") == "density__bar"]
    counts = client.get("/histogram?interval=month").get_json()["items"]
    heights = [float(bar["height"]) for bar in bars if float(bar["height"])]
    peak = max(item["count"] for item in counts)
    assert heights == [pytest.approx(100 * item["count"] / peak) for item in counts]
    first, last = counts[0]["start"], counts[-1]["start"]
    months = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    assert len(bars) == months


@pytest.mark.parametrize(
    ("query", "words"),
    [("from=2024-13", "is not a calendar date"), ("form=2024", "Unknown field")],
)
def test_bad_filters_show_the_page_with_what_was_wrong(client, query, words):
    parsed, html = page(client, f"/?{query}", status=400)
    assert words in html and 'role="alert"' in html
    assert parsed.event_ids == []
    if query.startswith("from"):
        field = next(a for t, a in parsed.tags if a.get("id") == "filter-from")
        assert field["value"] == "2024-13" and field["aria-invalid"] == "true"


def test_page_needs_nothing_from_elsewhere_and_nothing_inline(client):
    response = client.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    html = response.get_data(as_text=True)
    assert "<script" not in html and " style=" not in html
    assert "http://" not in html and "https://" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    css = client.get("/static/timeline.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert "url(" not in css.get_data(as_text=True)


def test_page_has_landmarks_and_a_skip_link(client):
    parsed, html = page(client)
    tags = [tag for tag, _ in parsed.tags]
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in tags
    assert '<html lang="en">' in html
    assert 'href="#events"' in html and 'id="events"' in html
    labelled = {a["id"] for t, a in parsed.tags if t in ("input", "select")}
    assert labelled == {a["for"] for t, a in parsed.tags if t == "label"}
