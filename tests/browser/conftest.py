"""Debian's headless Chromium, driven by selenium, against a real server on a free port.

Needs the system packages ``chromium`` and ``chromium-driver``. Without them the browser
tests skip, saying how to install them; under CI (``$CI`` set) they fail instead, so CI
can never pass by skipping them.
"""

import base64
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.artifacts import ARTIFACTS
from tests.helpers import Server

INSTALL_HINT = "install them with: apt-get install chromium chromium-driver"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
PHONE = {"width": 390, "height": 844, "mobile": True}
DESKTOP = {"width": 1366, "height": 900, "mobile": False}


def browser_binaries() -> tuple[str, str]:
    """Paths of chromium and chromedriver, or skip (fail under CI) if either is missing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    missing = " and ".join(
        name for name, path in (("chromium", chromium), ("chromedriver", driver)) if not path
    )
    message = f"browser tests need {missing}; {INSTALL_HINT}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must run them, not skip them)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """``timeline serve`` with one gunicorn worker on a fresh database; yields its base URL.

    One worker, so the page's requests cannot dodge a worker that a browser's idle
    connection holds (see service/serving/gunicorn_conf.py).
    """
    running = Server(tmp_path_factory.mktemp("browser") / "timeline.db", workers=1).start()
    try:
        yield running.url
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium with JavaScript switched off for pages, as a reader may have it.

    WebDriver's own commands still work: they do not run as page scripts.
    """
    yield from chromium(javascript=False)


@pytest.fixture(scope="module")
def scripted_browser():
    """Headless Chromium with JavaScript on, for pages that are scripts (TimelineJS)."""
    yield from chromium(javascript=True)


def chromium(*, javascript: bool):
    """A headless Chromium session on a throwaway profile, its console log kept."""
    chromium_path, driver = browser_binaries()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium_path
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.TemporaryDirectory(prefix="timeline-chromium-")
    options.add_argument(f"--user-data-dir={profile.name}")
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(options=options, service=Service(driver))
    session.set_page_load_timeout(30)
    try:
        yield session
    finally:
        session.quit()
        profile.cleanup()


def use_viewport(browser, viewport: dict) -> None:
    """Emulate a device's CSS viewport exactly (the window's own size includes its frame)."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {**viewport, "deviceScaleFactor": 1}
    )


def save_screenshot(browser, name: str, *, full_page: bool = False) -> Path:
    """Save a PNG under test-artifacts/: the viewport, or the whole page."""
    params: dict = {"format": "png"}
    if full_page:
        size = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        params |= {
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        }
    png = base64.b64decode(browser.execute_cdp_cmd("Page.captureScreenshot", params)["data"])
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(png)
    return path
