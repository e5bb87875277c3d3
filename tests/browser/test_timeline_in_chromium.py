"""The timeline page in a real browser (headless Chromium, JavaScript off), phone and desktop.

Screenshots land in test-artifacts/: timeline-desktop.png and timeline-phone.png (what
first shows on the screen), and timeline-desktop-full.png and timeline-phone-full.png
(the whole page).
"""

import json
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from service.core.display_dates import human_date
from tests.browser.conftest import DESKTOP, PHONE, save_screenshot, use_viewport
from tests.helpers import KEY_EVENTS_IN_ORDER

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def api(base_url: str, path: str) -> dict:
    with urllib.request.urlopen(f"{base_url}{path}", timeout=10) as response:
        return json.load(response)


def event_ids_on(browser) -> list[str]:
    return [
        element.get_attribute("data-event-id")
        for element in browser.find_elements(By.CSS_SELECTOR, "[data-event-id]")
    ]


def open_page(browser, url: str) -> None:
    browser.get(url)
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "events"))


def test_javascript_is_really_off(browser):
    browser.get("data:text/html,<title>before</title><script>document.title='ran'</script>")
    assert browser.title == "before"


def test_key_events_appear_in_order_with_their_dates_on_a_desktop(browser, live_server):
    use_viewport(browser, DESKTOP)
    open_page(browser, f"{live_server}/")
    shown = event_ids_on(browser)
    assert shown == [e["id"] for e in api(live_server, "/events?limit=100")["items"]]
    positions = [shown.index(event_id) for event_id in KEY_EVENTS_IN_ORDER]
    assert positions == sorted(positions)
    for event_id in KEY_EVENTS_IN_ORDER:
        card = browser.find_element(By.ID, f"event-{event_id}")
        event = api(live_server, f"/events/{event_id}")
        assert card.find_element(By.TAG_NAME, "time").text == human_date(event["date"])
        assert card.find_element(By.TAG_NAME, "h5").text == event["title"]
        assert card.is_displayed()
    assert browser.find_elements(By.CSS_SELECTOR, "svg.density__bars rect.density__bar")
    save_screenshot(browser, "timeline-desktop.png")
    save_screenshot(browser, "timeline-desktop-full.png", full_page=True)


def test_filter_form_narrows_the_list_and_its_url_can_be_shared(browser, live_server):
    use_viewport(browser, DESKTOP)
    open_page(browser, f"{live_server}/")
    everything = event_ids_on(browser)
    Select(browser.find_element(By.ID, "filter-tag")).select_by_value("repatriation")
    words = browser.find_element(By.ID, "filter-q")
    words.send_keys("Mayorkas", Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: "q=Mayorkas" in b.current_url)
    narrowed = event_ids_on(browser)
    expected = api(live_server, "/events?q=Mayorkas&tag=repatriation")["items"]
    assert narrowed == [e["id"] for e in expected]
    assert 0 < len(narrowed) < len(everything)
    query = parse_qs(urlsplit(browser.current_url).query)
    assert query["q"] == ["Mayorkas"] and query["tag"] == ["repatriation"]
    shared = browser.current_url
    open_page(browser, f"{live_server}/")
    open_page(browser, shared)
    assert event_ids_on(browser) == narrowed
    assert browser.find_element(By.ID, "filter-q").get_attribute("value") == "Mayorkas"


def test_dates_typed_in_the_form_narrow_by_overlap(browser, live_server):
    use_viewport(browser, DESKTOP)
    open_page(browser, f"{live_server}/")
    browser.find_element(By.ID, "filter-from").send_keys("2024-03")
    browser.find_element(By.ID, "filter-to").send_keys("2024-03")
    browser.find_element(By.CSS_SELECTOR, ".filter-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "from=2024-03" in b.current_url)
    expected = api(live_server, "/events?from=2024-03&to=2024-03")["items"]
    assert event_ids_on(browser) == [e["id"] for e in expected]
    assert "playa-vicente-bodies-found-2024" in event_ids_on(browser)


def test_keyboard_reaches_a_visible_skip_link_first(browser, live_server):
    use_viewport(browser, DESKTOP)
    open_page(browser, f"{live_server}/")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip-link" and focused.is_displayed()
    assert focused.value_of_css_property("outline-style") == "solid"
    assert focused.rect["y"] >= 0
    focused.send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(lambda b: b.current_url.endswith("#events"))
    assert browser.switch_to.active_element.get_attribute("id") == "events"


def test_page_fits_a_phone_without_sideways_scrolling(browser, live_server):
    use_viewport(browser, PHONE)
    open_page(browser, f"{live_server}/")
    metrics = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})
    assert metrics["cssContentSize"]["width"] <= PHONE["width"]
    first_card = browser.find_element(By.CSS_SELECTOR, "[data-event-id] article")
    assert first_card.rect["x"] + first_card.rect["width"] <= PHONE["width"]
    assert event_ids_on(browser) == [
        e["id"] for e in api(live_server, "/events?limit=100")["items"]
    ]
    save_screenshot(browser, "timeline-phone.png")
    save_screenshot(browser, "timeline-phone-full.png", full_page=True)


def test_page_loads_without_console_errors(browser, live_server):
    use_viewport(browser, DESKTOP)
    browser.get_log("browser")
    for path in ("/", "/?tag=deaths", "/?from=2024-13"):
        open_page(browser, f"{live_server}{path}")
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert [e for e in errors if "2024-13" not in e["message"]] == []
