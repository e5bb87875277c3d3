"""The bundled dataset against the article it comes from: offsets, hashes, what each event
names, relative dates, and no copied wording."""

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from service.core.kinds import NAMED_KINDS
from service.files.dataset import BUNDLED_DATASET, read_dataset, validate_dataset
from tests.helpers import ARTICLE, REPO

DATASET = validate_dataset(read_dataset(BUNDLED_DATASET))
[SOURCE] = DATASET["sources"]
EVENTS = DATASET["events"]
NAMES = {kind.table: {r["id"]: r[kind.label] for r in DATASET[kind.table]} for kind in NAMED_KINDS}
ALIASES = json.loads((Path(__file__).parent / "aliases.json").read_text(encoding="utf-8"))
COPY_RUN = 8


@pytest.fixture(scope="module")
def article_text() -> str:
    assert ARTICLE.exists(), f"the article must be at {ARTICLE} (set TIMELINE_ARTICLES_DIR)"
    return ARTICLE.read_bytes().decode("utf-8")


def cited_text(event: dict, article_text: str) -> str:
    """The event's evidence passages, joined, with curly apostrophes made straight."""
    passages = (article_text[s["start"] : s["end"]] for s in event["evidence"])
    return " ".join(passages).replace("\u2019", "'")


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
    """How the article may write a figure: 288, 37,000, 1.2 million, or an alias ("eight")."""
    whole = int(value)
    forms = [str(whole), f"{whole:,}", *ALIASES["figures"].get(str(whole), [])]
    if whole >= 1_000_000:
        forms.append(f"{value / 1_000_000:g} million")
    return forms


def _names_of(kind: str, ident: str) -> list[str]:
    if kind == "figures":
        return _written_forms(float(ident))
    return [NAMES[kind][ident], *ALIASES.get(kind, {}).get(ident, [])]


def _claims(event: dict) -> list[tuple[str, str]]:
    """What an event asserts besides its words: (kind, id) for each figure, actor and place."""
    figures = [("figures", f"{figure['value']:g}") for figure in event["figures"]]
    return figures + [(kind, ident) for kind in NAMES for ident in event[kind]]


def _is_written(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


@pytest.mark.parametrize("event", EVENTS, ids=[e["id"] for e in EVENTS])
def test_every_figure_actor_and_place_is_named_in_the_cited_evidence(event, article_text):
    cited = cited_text(event, article_text)
    inferred = ALIASES["inferred"].get(event["id"], {})
    unsupported = [
        f"{kind}: {ident}"
        for kind, ident in _claims(event)
        if ident not in inferred.get(kind, {})
        and not any(_is_written(name, cited) for name in _names_of(kind, ident))
    ]
    assert unsupported == [], "name them in the evidence, add an alias, or list them as inferred"


def test_every_inference_in_the_alias_table_is_needed_and_has_a_reason(article_text):
    """An entry for something the event no longer lists, or now names, is stale."""
    by_id = {event["id"]: event for event in EVENTS}
    stale = []
    for event_id, kinds in ALIASES["inferred"].items():
        event = by_id.get(event_id)
        for kind, reasons in kinds.items():
            for ident, reason in reasons.items():
                named = event is not None and any(
                    _is_written(name, cited_text(event, article_text))
                    for name in _names_of(kind, ident)
                )
                if event is None or (kind, ident) not in _claims(event) or named or not reason:
                    stale.append(f"{event_id}: {kind}: {ident}")
    assert stale == []


def test_every_alias_belongs_to_a_known_actor_place_or_figure():
    assert set(ALIASES["actors"]) <= set(NAMES["actors"])
    assert set(ALIASES["places"]) <= set(NAMES["places"])
    figures = {f"{f['value']:g}" for event in EVENTS for f in event["figures"]}
    assert set(ALIASES["figures"]) <= figures


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
    assert phrase in cited_text(event, article_text).lower()
    assert event["date"] == date
    assert phrase in event["resolved_from"].lower() and "2024-04-08" in event["resolved_from"]


INFERRED_DATES = (
    "pelosi-visits-taiwan-2022",
    "yellen-first-china-visit-2023",
    "yellen-second-china-visit-2024",
)


@pytest.mark.parametrize("event_id", INFERRED_DATES)
def test_a_date_the_article_does_not_give_says_it_is_inferred(event_id):
    event = next(e for e in EVENTS if e["id"] == event_id)
    assert "inferred, not stated" in event["resolved_from"].lower()


def test_publication_date_is_month_first_8_april_2024(article_text):
    """04/08/2024 is US order; the page's 'See also' list writes day first, a different
    convention; the text's 'last month' Two Sessions (held each March) confirm April."""
    assert article_text.startswith("04/08/2024")
    assert SOURCE["published"].isoformat() == "2024-04-08"
    see_also = article_text[article_text.index("See also") :]
    first_fields = [int(first) for first, _ in re.findall(r"\b(\d{2})/(\d{2})/\d{4}\b", see_also)]
    assert any(first > 12 for first in first_fields), "the 'See also' list writes day first"
    assert "last month\u2019s annual Two Sessions" in article_text
    published = next(e for e in EVENTS if e["id"] == "article-published-2024-04-08")
    for reasoning in (SOURCE["notes"], published["resolved_from"]):
        assert "month first" in reasoning and "4 August" in reasoning


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def _runs(words: list[str]) -> set[str]:
    return {" ".join(words[i : i + COPY_RUN]) for i in range(len(words) - COPY_RUN + 1)}


def article_runs(text: str) -> set[str]:
    """Every run of eight words in the article's sentences: its lines that end in a full stop
    or a closing quote. The header, the headline (quoted as the source's title) and the
    'See also' headlines end in neither, so citing them is not copying."""
    sentences = (line for line in text.splitlines() if line.rstrip().endswith((".", '"', "\u201d")))
    return _runs(_words(" ".join(sentences)))


def copied_runs(text: str, runs: set[str]) -> list[str]:
    return sorted(_runs(_words(text)) & runs)


def test_the_copy_check_finds_eight_words_of_a_sentence_and_spares_the_headline(article_text):
    runs = article_runs(article_text)
    sentence = next(line for line in article_text.splitlines() if line.startswith("Two weeks"))
    eight_words = " ".join(sentence.split()[3:11])
    assert copied_runs(f"We wrote: {eight_words}!", runs)
    assert not copied_runs(" ".join(sentence.split()[3:10]), runs)
    assert not copied_runs(SOURCE["title"], runs)


def test_no_tracked_file_copies_eight_words_of_the_article(article_text):
    """The project keeps the article's facts in its own words (README, dataset, code, tests)."""
    runs = article_runs(article_text)
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    copied = []
    for name in tracked:
        try:
            text = (REPO / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        copied += [f"{name}: {run}" for run in copied_runs(text, runs)]
    assert copied == []
