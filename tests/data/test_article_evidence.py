"""The bundled dataset against the article it comes from: offsets, hashes, what each event
names (figures, actors, places and tags, each in one cited passage and not only inside a
longer name), how figures are qualified, the words each date rests on, relative dates, ids,
and no copied wording."""

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.core.dates import parse_event_date
from service.core.kinds import LINKED_KINDS
from service.files.dataset import BUNDLED_DATASET, read_dataset, validate_dataset
from tests.helpers import ARTICLE, REPO, examples

DATASET = validate_dataset(read_dataset(BUNDLED_DATASET))
[SOURCE] = DATASET["sources"]
EVENTS = DATASET["events"]
# What an event claims by id, each checked against its evidence: every kind it links to.
NAMES = {kind.table: {r["id"]: r[kind.label] for r in DATASET[kind.table]} for kind in LINKED_KINDS}
ALIASES = json.loads((Path(__file__).parent / "aliases.json").read_text(encoding="utf-8"))
COPY_RUN = 8


@pytest.fixture(scope="module")
def article_text() -> str:
    assert ARTICLE.exists(), f"the article must be at {ARTICLE} (set TIMELINE_ARTICLES_DIR)"
    return ARTICLE.read_bytes().decode("utf-8")


def cited_passages(event: dict, article_text: str) -> list[str]:
    """The event's evidence passages, with curly apostrophes made straight."""
    return [article_text[s["start"] : s["end"]].replace("\u2019", "'") for s in event["evidence"]]


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
    """What an event asserts besides its words: (kind, id) for each figure, actor, place and tag."""
    figures = [("figures", f"{figure['value']:g}") for figure in event["figures"]]
    return figures + [(kind, ident) for kind in NAMES for ident in event[kind]]


def _occurrences(name: str, text: str, flags: int = 0) -> list[tuple[int, int]]:
    """Where ``name`` is written in ``text`` as words of its own."""
    pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
    return [match.span() for match in re.finditer(pattern, text, flags)]


def _longer_names(name: str) -> list[str]:
    """The names of actors and places that hold ``name``: where the article writes one of
    those, ``name`` is part of something else (the United States as one side of a border)."""
    return [
        other
        for kind in ("actors", "places")
        for ident in NAMES[kind]
        for other in _names_of(kind, ident)
        if other != name and _occurrences(name, other)
    ]


def _is_written(name: str, text: str, *, ignore_case: bool = False) -> bool:
    """``name`` is written in ``text`` as words of its own, not inside a longer known name;
    tags, being topics, in any case."""
    if ignore_case:
        return bool(_occurrences(name, text, re.IGNORECASE))
    inside = [span for longer in _longer_names(name) for span in _occurrences(longer, text)]
    return any(
        not any(start <= found_start and found_end <= end for start, end in inside)
        for found_start, found_end in _occurrences(name, text)
    )


def _is_named_in_a_passage(kind: str, ident: str, passages: list[str]) -> bool:
    """One passage alone names it: by name, alias or written figure (tags in any case)."""
    return any(
        _is_written(name, passage, ignore_case=kind == "tags")
        for name in _names_of(kind, ident)
        for passage in passages
    )


@pytest.mark.parametrize("event", EVENTS, ids=[e["id"] for e in EVENTS])
def test_every_figure_actor_place_and_tag_is_named_in_one_cited_passage(event, article_text):
    passages = cited_passages(event, article_text)
    inferred = ALIASES["inferred"].get(event["id"], {})
    unsupported = [
        f"{kind}: {ident}"
        for kind, ident in _claims(event)
        if ident not in inferred.get(kind, {}) and not _is_named_in_a_passage(kind, ident, passages)
    ]
    assert unsupported == [], "name them in the evidence, add an alias, or list them as inferred"


def test_a_name_inside_a_longer_name_does_not_count():
    """A border between Mexico and the United States names the border, not the US as an actor."""
    border = "a border between Mexico and the United States"
    assert not _is_written("United States", border)
    assert _is_written("United States", f"{border}, where the United States arrests migrants")
    assert _is_written("border between Mexico and the United States", border)


@settings(max_examples=examples(200), deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(["United States", "border between Mexico and the United States", "US"])
        | st.text(max_size=8),
        max_size=6,
    )
)
def test_a_name_counts_exactly_where_it_is_left_once_longer_names_are_blanked(pieces):
    """Checked against another way of doing it: blank out every longer name, then look."""
    text = " ".join(pieces)
    for name in ("United States", "US"):
        blanked = text
        for longer in sorted(_longer_names(name), key=len, reverse=True):
            blanked = re.sub(rf"(?<!\w){re.escape(longer)}(?!\w)", "#", blanked)
        assert _is_written(name, text) == bool(_occurrences(name, blanked)), (name, text)


def test_every_inference_in_the_alias_table_is_needed_and_has_a_reason(article_text):
    """An entry for something the event no longer lists, or now names, is stale."""
    by_id = {event["id"]: event for event in EVENTS}
    stale = []
    for event_id, kinds in ALIASES["inferred"].items():
        event = by_id.get(event_id)
        for kind, reasons in kinds.items():
            for ident, reason in reasons.items():
                named = event is not None and _is_named_in_a_passage(
                    kind, ident, cited_passages(event, article_text)
                )
                if event is None or (kind, ident) not in _claims(event) or named or not reason:
                    stale.append(f"{event_id}: {kind}: {ident}")
    assert stale == []


def test_every_alias_belongs_to_a_known_actor_place_tag_or_figure():
    for kind in NAMES:
        assert set(ALIASES[kind]) <= set(NAMES[kind]), kind
    figures = {f"{f['value']:g}" for event in EVENTS for f in event["figures"]}
    assert set(ALIASES["figures"]) <= figures


HEDGES = {"more_than": r"(more than|over)", "about": r"(about|around|some|nearly)"}


def _hedge_before(form: str, passages: list[str]) -> str | None:
    """The qualifier the words just before a written figure give it, if any."""
    for passage in passages:
        for match in re.finditer(rf"(?<![\w,.]){re.escape(form)}(?![\w]|[,.]\d)", passage):
            before = passage[: match.start()].rstrip().lower()
            for qualifier, words in HEDGES.items():
                if re.search(rf"(?<!\w){words}$", before):
                    return qualifier
    return None


def test_the_hedge_is_the_words_just_before_the_figure():
    assert _hedge_before("37,000", ["in 2023 more than 37,000 were held"]) == "more_than"
    assert _hedge_before("100,000", ["while about 100,000 are still"]) == "about"
    assert _hedge_before("37,000", ["moreover 37,000 were held"]) is None
    assert _hedge_before("8", ["over 80 per cent, 8 found"]) is None


@pytest.mark.parametrize("event", EVENTS, ids=[e["id"] for e in EVENTS])
def test_a_figure_is_qualified_as_the_article_writes_it(event, article_text):
    """'more than 37,000' is more_than, 'about 100,000' is about; a multiple of a count that is
    not exact ('50 times' more than 37,000) cannot be exact either."""
    passages = cited_passages(event, article_text)
    inexact = [f for f in event["figures"] if f["qualifier"] != "exactly" and f["unit"] != "times"]
    for figure in event["figures"]:
        hedges = {_hedge_before(form, passages) for form in _written_forms(figure["value"])}
        written = hedges - {None}
        assert written <= {figure["qualifier"]}, (figure, written)
        if figure["unit"] == "times" and inexact:
            assert figure["qualifier"] != "exactly", figure


RELATIVE_DATES = {
    "mayorkas-says-repatriation-under-discussion-2024": ("2024-04-06", "two days ago"),
    "playa-vicente-bodies-found-2024": ("2024-03-25~", "two weeks ago"),
    "two-sessions-2024": ("2024-03", "last month"),
    "ice-repatriations-fiscal-2023": ("2022-10-01/2023-09-30", "last fiscal year"),
    "yellen-first-china-visit-2023": ("2023-07~", "nine months"),
    "mayorkas-wang-vienna-meeting-2024": ("2024-02", "back in february"),
    "yellen-second-china-visit-2024": ("2024-01-09?/2024-04-08", "recently"),
    "chinese-border-crossings-rise-2024": ("2019-04-08?/2024-04-08", "the past few years"),
}


@pytest.mark.parametrize(("event_id", "expected"), RELATIVE_DATES.items())
def test_relative_dates_are_resolved_against_publication_and_say_how(
    event_id, expected, article_text
):
    event = next(e for e in EVENTS if e["id"] == event_id)
    date, phrase = expected
    assert any(phrase in passage.lower() for passage in cited_passages(event, article_text))
    assert event["date"] == date
    assert phrase in event["resolved_from"].lower() and "2024-04-08" in event["resolved_from"]


QUOTED = re.compile(r"(?<!\w)'(.+?)'(?!\w)")


@pytest.mark.parametrize("event", EVENTS, ids=[e["id"] for e in EVENTS])
def test_every_date_quotes_the_words_it_rests_on_from_a_cited_passage(event, article_text):
    """``resolved_from`` quotes the article's words for the date ('in 2022', 'recently',
    'In a statement'), and each quote is in one of the passages the event cites."""
    quotes = QUOTED.findall(event["resolved_from"] or "")
    assert quotes, "resolved_from must quote the words the date rests on"
    passages = [passage.lower() for passage in cited_passages(event, article_text)]
    assert [q for q in quotes if not any(q.lower() in passage for passage in passages)] == []


def _words_of_id(ident: str) -> list[str]:
    return [word for word in ident.split("-") if not word.isdigit()]


@pytest.mark.parametrize("event", EVENTS, ids=[e["id"] for e in EVENTS])
def test_an_event_id_is_words_of_its_title_and_the_year_its_date_ends_in(event):
    """The README's rule: an id such as ``pelosi-visits-taiwan-2022`` names what its title
    says (each word, to its first four letters, starts a word of the title) and ends in the
    year the date ends in, or the whole day."""
    end = parse_event_date(event["date"]).end
    assert event["id"].endswith((f"-{end.year}", f"-{end.isoformat()}"))
    title_words = re.findall(r"[a-z0-9]+", event["title"].lower())
    unnamed = [
        word
        for word in _words_of_id(event["id"])
        if not any(title_word.startswith(word[:4]) for title_word in title_words)
    ]
    assert unnamed == [], f"{event['title']!r} does not say what the id names"


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
