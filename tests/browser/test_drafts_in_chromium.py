"""The draft page in a real browser (headless Chromium, JavaScript off): paste, see, download.

Screenshots land in test-artifacts/: drafts-desktop.png and drafts-phone.png (the answer).
"""

import json
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import DESKTOP, PHONE, save_screenshot, use_viewport

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TEXT = (
    "The minister met union leaders on Monday. Talks had stalled two weeks ago, "
    "and a ballot will follow in May. Nobody struck last summer."
)


def submit_form(browser, base_url: str) -> None:
    browser.get(f"{base_url}/drafts")
    browser.find_element(By.ID, "draft-text").send_keys(TEXT)
    browser.find_element(By.ID, "draft-published").send_keys("04082024")  # en-US: mm dd yyyy
    browser.find_element(By.CSS_SELECTOR, 'button[value="show"]').click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "draft-result"))


def test_pasted_text_comes_back_with_each_date_marked_and_in_words(browser, live_server):
    use_viewport(browser, DESKTOP)
    browser.get_log("browser")
    submit_form(browser, live_server)
    marks = browser.find_elements(By.CSS_SELECTOR, "#draft-result mark.expression")
    dates = browser.find_elements(By.CSS_SELECTOR, "#draft-result .expression__date")
    assert [m.text for m in marks] == ["Monday", "two weeks ago", "May", "last summer"]
    assert [d.text for d in dates] == [
        "8 April 2024",
        "about 25 March 2024",
        "May 2024",
        "not dated",
    ]
    assert all(m.is_displayed() for m in marks)
    unresolved = browser.find_element(By.CSS_SELECTOR, "mark.expression--unresolved")
    assert unresolved.value_of_css_property("background-color") != marks[0].value_of_css_property(
        "background-color"
    )
    assert browser.find_element(By.ID, "draft-text").get_attribute("value") == TEXT
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []  # nothing blocked by the Content-Security-Policy
    save_screenshot(browser, "drafts-desktop.png", full_page=True)


def test_the_download_button_posts_the_same_form_and_saves_the_draft(
    browser, live_server, tmp_path
):
    use_viewport(browser, PHONE)
    submit_form(browser, live_server)
    save_screenshot(browser, "drafts-phone.png", full_page=True)
    browser.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    browser.find_element(By.CSS_SELECTOR, 'button[value="download"]').click()
    deadline = time.monotonic() + 10
    while not list(tmp_path.glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    [saved] = list(tmp_path.glob("*.json"))
    dataset = json.loads(saved.read_text())
    assert [e["date"] for e in dataset["events"]] == ["2024-04-08", "2024-03-25~", "2024-05"]
    assert dataset["sources"][0]["published"] == "2024-04-08"
