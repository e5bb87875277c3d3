"""Every HTML page the service serves, found from the contract: each has its icon (so no
browser asks for /favicon.ico and logs a 404) and one meta description (for search
engines), and nothing it links to or loads is missing."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.helpers import committed_contract

DRAFT_FORM = {"text": "Two weeks ago, it rained.", "published": "2024-04-08"}


def html_pages() -> list[tuple[str, str]]:
    """(method, path) of every operation whose 200 answer is text/html."""
    paths = committed_contract()["paths"]
    return [
        (method, path)
        for path, item in paths.items()
        for method, operation in item.items()
        if method in ("get", "post")
        and "text/html" in operation.get("responses", {}).get("200", {}).get("content", {})
    ]


class References(HTMLParser):
    """The page's icon links, meta descriptions and every URL it references."""

    def __init__(self):
        super().__init__()
        self.icons, self.descriptions, self.urls = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "icon" in (attrs.get("rel") or "").split():
            self.icons.append(attrs.get("href"))
        if tag == "meta" and attrs.get("name") == "description":
            self.descriptions.append(attrs.get("content") or "")
        for name in ("href", "src", "action", "data-spec-url"):
            if attrs.get(name):
                self.urls.append(attrs[name])


def page(client, method: str, path: str):
    if method == "post":
        return client.post(path, data=DRAFT_FORM)
    return client.get(path)


def test_the_contract_lists_the_pages_people_visit():
    pages = set(html_pages())
    assert {("get", "/"), ("get", "/docs"), ("get", "/drafts"), ("post", "/drafts/page")} <= pages


@pytest.mark.parametrize(("method", "path"), html_pages())
def test_every_page_has_an_icon_and_a_description(client, method, path):
    answer = page(client, method, path)
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    found = References()
    found.feed(answer.get_data(as_text=True))
    assert len(found.icons) == 1 and found.icons[0], f"{path}: icon links {found.icons}"
    assert len(found.descriptions) == 1, f"{path}: meta descriptions {found.descriptions}"
    assert 50 <= len(found.descriptions[0].strip()) <= 400, found.descriptions[0]


@pytest.mark.parametrize(("method", "path"), html_pages())
def test_nothing_a_page_references_is_missing(client, method, path):
    found = References()
    found.feed(page(client, method, path).get_data(as_text=True))
    local = [url for url in found.urls if _is_served_here(url)]
    assert local, f"{path} references nothing of this service"
    for url in local:
        target = urlsplit(url)
        if url == "/drafts/page":  # the form's action: a POST
            status = client.post(url, data=DRAFT_FORM).status_code
        else:
            status = client.get(target.path, query_string=target.query).status_code
        assert status == 200, f"{path} references {url}: {status}"


def _is_served_here(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and bool(parts.path)
