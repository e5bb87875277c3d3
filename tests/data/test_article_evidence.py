"""The bundled dataset against the article it comes from: offsets, hashes, figures, no copying."""

import hashlib
import re
import subprocess

import pytest

from service.dataset import BUNDLED_DATASET, read_dataset, validate_dataset
from tests.helpers import ARTICLE, REPO

DATASET = validate_dataset(read_dataset(BUNDLED_DATASET))
[SOURCE] = DATASET["sources"]
EVENTS = DATASET["events"]


@pytest.fixture(scope="module")
def article_text() -> str:
    assert ARTICLE.exists(), f"the article must be at {ARTICLE} (set TIMELINE_ARTICLES_DIR)"
    return ARTICLE.read_bytes().decode("utf-8")


def test_source_sha256_and_length_match_the_article_file(article_text):
    assert SOURCE["sha256"] == hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    assert SOURCE["length"] == len(article_text)


@pytest.mark.parametrize("event", EVENTS, ids=[e["id"] for e in EVENTS])
def test_every_evidence_span_is_the_passage_it_names(event, article_text):
    assert event["evidence"], "every event cites the article"
    for span in event["evidence"]:
        passage = article_text[span["start"] : span["end"]]
        assert hashlib.sha256(passage.encode()).hexdigest() == span["sha256"]


def _written_forms(value: float) -> list[str]:
    """How the article may write a figure: 288, 37,000, 100,000, 1.2 million, 80 per cent."""
    whole = int(value)
    forms = [str(whole), f"{whole:,}"]
    if whole >= 1_000_000:
        forms.append(f"{value / 1_000_000:g} million")
    spelled = {8: "eight", 50: "50 times"}
    if whole in spelled:
        forms.append(spelled[whole])
    return forms


@pytest.mark.parametrize("event", [e for e in EVENTS if e["figures"]], ids=lambda e: e["id"])
def test_every_figure_is_written_in_its_evidence(event, article_text):
    cited = " ".join(article_text[s["start"] : s["end"]] for s in event["evidence"])
    for figure in event["figures"]:
        assert any(form in cited for form in _written_forms(figure["value"])), figure


RELATIVE_DATES = {
    "mayorkas-hopeful-remarks-2024": ("2024-04-06", "two days ago"),
    "playa-vicente-bodies-found-2024": ("2024-03-25~", "two weeks ago"),
    "two-sessions-2024": ("2024-03", "last month"),
    "ice-repatriations-fiscal-2023": ("2022-10-01/2023-09-30", "last fiscal year"),
    "yellen-first-china-visit-2023": ("2023-07~", "nine months"),
    "mayorkas-wang-vienna-meeting-2024": ("2024-02", "back in february"),
}


@pytest.mark.parametrize(("event_id", "expected"), RELATIVE_DATES.items())
def test_relative_dates_are_resolved_against_publication_and_say_how(
    event_id, expected, article_text
):
    event = next(e for e in EVENTS if e["id"] == event_id)
    date, phrase = expected
    cited = " ".join(article_text[s["start"] : s["end"]] for s in event["evidence"]).lower()
    assert phrase in cited
    assert event["date"] == date
    assert phrase in event["resolved_from"].lower() and "2024-04-08" in event["resolved_from"]


def test_publication_date_is_day_first_8_april_2024(article_text):
    assert article_text.startswith("04/08/2024")
    assert SOURCE["published"].isoformat() == "2024-04-08"
    day_first_dates = re.findall(r"\b(\d{2})/(\d{2})/(\d{4})\b", article_text)
    assert any(int(first) > 12 for first, _, _ in day_first_dates), "the page writes day/month/year"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def test_no_tracked_file_copies_a_run_of_twelve_words_from_the_article(article_text):
    """The project keeps the article's facts in its own words (README, dataset, code, tests)."""
    article = _words(article_text)
    shingles = {" ".join(article[i : i + 12]) for i in range(len(article) - 11)}
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    copied = []
    for name in tracked:
        try:
            words = _words((REPO / name).read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
        runs = (" ".join(words[i : i + 12]) for i in range(len(words) - 11))
        copied += [f"{name}: {run}" for run in runs if run in shingles]
    assert copied == []
