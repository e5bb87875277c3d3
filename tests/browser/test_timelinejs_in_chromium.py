"""The TimelineJS export rendered by the real TimelineJS (npm, pinned in package-lock.json) in
headless Chromium, the way a newsroom embeds it: a page on another origin gives TimelineJS
the export's URL. TimelineJS is served from node_modules by the test, never from a CDN.

Screenshots land in test-artifacts/: timelinejs-desktop.png and timelinejs-empty.png.
"""

import functools
import json
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

from service.core.display_dates import human_date
from service.formats.timelinejs_format import PLACEHOLDER_ID
from tests.browser.conftest import DESKTOP, save_screenshot, use_viewport
from tests.helpers import REPO, TOKEN

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMELINEJS_DIST = REPO / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
EMBED_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>TimelineJS embed</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="timelinejs/css/timeline.css">
  <script src="timelinejs/js/timeline.js"></script>
</head>
<body>
  <div id="timeline-embed" style="width: 1200px; height: 650px"></div>
  <script>
    // Nothing from a CDN: languages load from script_path (its default is Knight Lab's CDN),
    // and font: null keeps TimelineJS's own fonts (the default theme loads Google Fonts).
    const source = new URLSearchParams(location.search).get("src");
    const script_path = new URL("timelinejs/js/", location.href).href;
    window.timeline = new TL.Timeline("timeline-embed", source, { script_path, font: null });
  </script>
</body>
</html>
"""
RENDERED = """
const timeline = window.timeline;
const text = (root, selector) => {
  const found = root.querySelector(selector);
  return found ? found.textContent : null;
};
const day = (date) => date ? [date.data.year, date.data.month, date.data.day] : null;
return {
  slides: Array.from(document.querySelectorAll(".tl-slide")).map((slide) => ({
    id: slide.id,
    title: slide.classList.contains("tl-slide-titleslide"),
    date: text(slide, ".tl-headline-date"),
    headline: text(slide, ".tl-headline"),
  })),
  events: timeline.config.events.map((event) => ({
    id: event.unique_id, start: day(event.start_date), end: day(event.end_date),
  })),
  markers: timeline._timenav._markers.map((marker) => ({
    id: marker.data.unique_id, with_end: marker.has_end_date,
  })),
  groups: Array.from(document.querySelectorAll(".tl-timegroup-message"))
    .map((group) => group.textContent),
  elements_in_text: document.querySelectorAll(
    "#timeline-embed .tl-text i, #timeline-embed .tl-timegroup i, #timeline-embed img"
  ).length,
};
"""
MARKUP = "<i>&amp;\"'</i>"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def embed_site(tmp_path_factory):
    """A static site on its own origin: the embedding page and TimelineJS from node_modules."""
    if not TIMELINEJS_DIST.is_dir():
        pytest.fail(f"{TIMELINEJS_DIST} is missing: run `npm ci` (make test does)")
    root = tmp_path_factory.mktemp("embed")
    (root / "index.html").write_text(EMBED_PAGE)
    (root / "timelinejs").symlink_to(TIMELINEJS_DIST, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def api(base_url: str, path: str, method: str = "GET", body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{base_url}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def render(browser, embed_site: str, export_url: str) -> dict:
    """Let TimelineJS load ``export_url``; what it drew, and the console's errors."""
    browser.get_log("browser")  # start the console log afresh
    browser.get(f"{embed_site}/index.html?src={quote(export_url, safe='')}")
    try:
        WebDriverWait(browser, 30).until(
            lambda b: b.execute_script("return Boolean(window.timeline && window.timeline.ready)")
        )
    except TimeoutException:
        message = browser.execute_script(
            "const m = document.querySelector('.tl-message-full, .tl-message');"
            "return m ? m.textContent : document.body.textContent;"
        )
        pytest.fail(f"TimelineJS did not get ready; it shows: {message!r}")
    rendered = browser.execute_script(RENDERED)
    rendered["console_errors"] = [
        entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"
    ]
    return rendered


def day(iso: str) -> list[int]:
    return [int(part) for part in iso.split("-")]


def test_timelinejs_draws_every_event_over_its_days_with_its_date_in_words(
    scripted_browser, live_server, embed_site
):
    use_viewport(scripted_browser, DESKTOP)
    rendered = render(scripted_browser, embed_site, f"{live_server}/exports/timelinejs.json")
    save_screenshot(scripted_browser, "timelinejs-desktop.png")
    assert rendered["console_errors"] == []
    events = api(live_server, "/events?limit=100")["items"]
    title, *slides = rendered["slides"]
    assert title["title"] and not any(slide["title"] for slide in slides)
    assert sorted(slide["id"] for slide in slides) == sorted(event["id"] for event in events)
    shown = {slide["id"]: slide for slide in slides}
    drawn = {event["id"]: event for event in rendered["events"]}
    markers = {marker["id"]: marker for marker in rendered["markers"]}
    for event in events:
        spans_days = event["end"] != event["start"]
        assert drawn[event["id"]]["start"] == day(event["start"]), event["id"]
        assert drawn[event["id"]]["end"] == (day(event["end"]) if spans_days else None)
        assert markers[event["id"]]["with_end"] == spans_days, event["id"]
        assert shown[event["id"]]["date"] == human_date(event["date"])
        assert shown[event["id"]]["headline"] == event["title"]
    labels = {tag["id"]: tag["label"] for tag in api(live_server, "/tags")["items"]}
    assert set(rendered["groups"]) == {labels[event["tags"][0]] for event in events}


def test_a_month_that_runs_into_a_day_keeps_its_end(scripted_browser, live_server, embed_site):
    """2024-04/2024-04-08: TimelineJS drops an end whose parts all match the start's."""
    api(
        live_server,
        "/events",
        "POST",
        {
            "id": "month-into-day-2024",
            "title": "A month that runs into a day",
            "summary": "Dated from the start of April 2024 to 8 April 2024.",
            "date": "2024-04/2024-04-08",
            "source": "asianews-2024-us-china-repatriation",
        },
    )
    url = f"{live_server}/exports/timelinejs.json?q=runs&from=2024-04&to=2024-04"
    rendered = render(scripted_browser, embed_site, url)
    (drawn,) = [e for e in rendered["events"] if e["id"] == "month-into-day-2024"]
    assert (drawn["start"], drawn["end"]) == ([2024, 4, 1], [2024, 4, 8])
    (slide,) = [s for s in rendered["slides"] if s["id"] == "month-into-day-2024"]
    assert slide["date"] == "April 2024 – 8 April 2024"
    assert rendered["console_errors"] == []


def test_an_export_without_events_shows_a_placeholder_not_an_error(
    scripted_browser, live_server, embed_site
):
    url = f"{live_server}/exports/timelinejs.json?q=no-such-words-anywhere&from=2030"
    rendered = render(scripted_browser, embed_site, url)
    save_screenshot(scripted_browser, "timelinejs-empty.png")
    assert rendered["console_errors"] == []
    title, placeholder = rendered["slides"]
    assert title["title"] and placeholder["id"] == PLACEHOLDER_ID
    assert placeholder["headline"] == "No events match"
    assert rendered["events"] == [{"id": PLACEHOLDER_ID, "start": [2030, 1, 1], "end": None}]


def test_markup_in_labels_and_text_is_shown_as_written_never_run(
    scripted_browser, live_server, embed_site
):
    api(live_server, "/tags", "POST", {"id": "markup-check", "label": MARKUP})
    api(
        live_server,
        "/events",
        "POST",
        {
            "id": "markup-check-2024",
            "title": MARKUP,
            "summary": MARKUP,
            "date": "2024-04",
            "source": "asianews-2024-us-china-repatriation",
            "tags": ["markup-check"],
        },
    )
    url = f"{live_server}/exports/timelinejs.json?tag=markup-check"
    rendered = render(scripted_browser, embed_site, url)
    assert rendered["console_errors"] == []
    assert rendered["elements_in_text"] == 0
    (slide,) = [s for s in rendered["slides"] if s["id"] == "markup-check-2024"]
    assert slide["headline"] == MARKUP
    assert rendered["groups"] == [MARKUP]
