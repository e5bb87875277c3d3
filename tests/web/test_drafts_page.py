"""The draft page: a plain form, the text with its dates marked, and the draft file."""

import re
from datetime import date
from urllib.parse import urlencode

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.draft import DRAFT_PAGE_MAX_CHARACTERS
from service.drafts.drafting import DRAFT_PAGE_MAX_BODY_BYTES
from service.files.dataset import InvalidDataset, validate_dataset
from tests.helpers import ARTICLE, committed_contract, examples

FORM = {"text": "Prices fell two weeks ago.\nTalks will end in May.", "published": "2024-04-08"}


def test_the_form_needs_no_script(client):
    page = client.get("/drafts")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "<script" not in html
    assert 'method="post"' in html and 'name="text"' in html and 'name="published"' in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_the_answer_marks_each_expression_with_its_date_in_words(client):
    html = client.post("/drafts/page", data=FORM).get_data(as_text=True)
    marks = re.findall(
        r'<mark class="expression[^"]*" id="expression-\d+">([^<]+)</mark>'
        r'<span class="expression__date">([^<]+)</span>',
        html,
    )
    assert marks == [("two weeks ago", "about 25 March 2024"), ("May", "May 2024")]
    assert "Prices fell <mark" in html and "Download the draft file" in html


def test_the_text_is_escaped_not_interpreted(client):
    hostile = {"text": '<script>alert(1)</script> "yesterday" &amp;', "published": "2024-04-08"}
    html = client.post("/drafts/page", data=hostile).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_bad_form_comes_back_as_a_400_saying_what_was_wrong(client):
    answer = client.post("/drafts/page", data={"text": "Two days ago.", "published": "someday"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and 'role="alert"' in html and "published" in html
    assert "Two days ago." in html  # what was typed stays, to be fixed


def test_the_download_is_the_draft_dataset_that_load_refuses_until_written(client):
    form = {"text": ARTICLE.read_text(encoding="utf-8"), "published": "2024-04-08"}
    answer = client.post("/drafts/page", data={**form, "source": "asianews", "action": "download"})
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="asianews.json"'
    dataset = answer.get_json()
    assert "2024-03-25~" in [event["date"] for event in dataset["events"]]
    try:
        validate_dataset(dataset)
    except InvalidDataset as error:
        assert all("placeholder" in problem for problem in error.problems)
    else:
        raise AssertionError("an unwritten draft must not validate")


# Characters a browser sends in different sizes: ASCII (1 byte), CJK (9 bytes URL-encoded),
# a line break (sent as CR LF, 6 bytes) and one above U+FFFF (12 bytes).
FAMILIES = {"ascii": "a", "cjk": "中", "line breaks": "\n", "emoji": "\U0001f600"}


def text_of(family: str, length: int) -> str:
    """A text of ``length`` characters, ending in a date expression."""
    end = " Two weeks ago."
    return FAMILIES[family] * (length - len(end)) + end


def posted(client, text: str):
    # As a browser sends a textarea: line breaks as CR LF, everything URL-encoded.
    body = urlencode({"text": text.replace("\n", "\r\n"), "published": "2024-04-08"})
    return client.post("/drafts/page", data=body, content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("family", FAMILIES)
def test_a_text_as_long_as_the_form_allows_is_drafted_whatever_its_characters(client, family):
    answer = posted(client, text_of(family, DRAFT_PAGE_MAX_CHARACTERS))
    html = answer.get_data(as_text=True)
    assert (answer.status_code, answer.mimetype) == (200, "text/html")
    assert 'role="alert"' not in html and "about 25 March 2024" in html


@pytest.mark.parametrize("family", FAMILIES)
def test_a_text_longer_than_the_form_allows_gets_the_form_again_saying_so(client, family):
    answer = posted(client, text_of(family, DRAFT_PAGE_MAX_CHARACTERS + 1))
    html = answer.get_data(as_text=True)
    assert (answer.status_code, answer.mimetype) == (400, "text/html")
    assert 'role="alert"' in html and f"1 to {DRAFT_PAGE_MAX_CHARACTERS:,} characters" in html
    assert '<textarea id="draft-text"' in html and "Two weeks ago." in html  # kept, to be cut


def test_a_body_too_large_to_read_gets_the_form_again_never_json(client):
    answer = posted(client, "中" * (DRAFT_PAGE_MAX_BODY_BYTES // 9 + 1))  # over it, encoded
    html = answer.get_data(as_text=True)
    assert (answer.status_code, answer.mimetype) == (413, "text/html")
    assert 'role="alert"' in html and '<textarea id="draft-text"' in html


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(st.characters(codec="utf-8"), max_size=300), published=st.text(max_size=12))
def test_any_form_is_answered_with_a_page_never_json(client, text, published):
    body = urlencode({"text": text, "published": published})
    answer = client.post(
        "/drafts/page", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code in (200, 400) and answer.mimetype == "text/html"


CONTRACT_FORM = committed_contract()["components"]["schemas"]["DraftForm"]
FORM_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.one_of(st.just(""), FORM_TEXT),
    published=st.one_of(st.dates().map(date.isoformat), FORM_TEXT),
    source=st.one_of(
        st.just(""), st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True), FORM_TEXT
    ),
    action=st.sampled_from(["show", "download", "", "delete"]),
)
def test_the_form_is_a_400_exactly_when_the_contract_refuses_it(
    client, text, published, source, action
):
    """The contract's DraftForm is the form the page takes: what it admits is drafted (200),
    what it refuses is the form again saying why (400), an empty text included."""
    form = {"text": text, "published": published, "source": source, "action": action}
    admitted = jsonschema.Draft202012Validator(
        CONTRACT_FORM, format_checker=jsonschema.FormatChecker()
    ).is_valid(form)
    answer = client.post("/drafts/page", data=form)
    assert answer.status_code == (200 if admitted else 400), (form, answer.status_code)
