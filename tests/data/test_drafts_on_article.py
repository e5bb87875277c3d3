"""The resolver on the article against the curated dataset's dates.

Every event whose date the article states must be proposed with the identical EDTF date, by
an expression whose words lie inside a passage the event cites, and its ``resolved_from``
must not call the date inferred. The others are listed here by why not, and say "inferred,
not stated" unless the article gives a vague word for them: a vague word (``recently``,
proposed as the identical uncertain interval), a count from a date given in another
expression (``nine months`` before the trip ``recently`` ended, proposed with the identical
date but still inferred, as it rests on a vague word), a year taken from another event (the
visit that the suspension followed), a present-tense statement dated as at publication, or
no date at all (placed in the window the resolver gives ``recently``). A new event in the
dataset fails ``test_every_event_is_classified`` until someone decides which list it
belongs to.
"""

from datetime import date

import pytest

from service.drafts.resolver import Expression, find_expressions
from service.files.dataset import BUNDLED_DATASET, read_dataset, validate_dataset
from tests.helpers import ARTICLE

DATASET = validate_dataset(read_dataset(BUNDLED_DATASET))
[SOURCE] = DATASET["sources"]
EVENTS = {event["id"]: event for event in DATASET["events"]}
INFERRED = "inferred, not stated"

STATED_IN_A_CITED_PASSAGE = {
    "article-published-2024-04-08",  # the dateline, read month first: it is the publication day
    "mayorkas-says-repatriation-under-discussion-2024",  # two days ago
    "mayorkas-wang-vienna-meeting-2024",  # back in February
    "record-border-arrests-2023",  # in 2023
    "playa-vicente-bodies-found-2024",  # two weeks ago
    "china-suspends-repatriation-2022",  # in 2022
    "ice-repatriations-fiscal-2023",  # the last fiscal year
    "china-ev-solar-output-2023",  # in 2023
    "two-sessions-2024",  # last month's
}
VAGUE = {
    "yellen-second-china-visit-2024": "recently",
    "chinese-border-crossings-rise-2024": "the past few years",
}
# Counted from another expression of its sentence, itself vague: proposed, yet inferred.
COUNTED_FROM_A_VAGUE_WORD = {"yellen-first-china-visit-2023": ("nine months", "recently")}
# "In 2022" dates the suspension; the visit only came before it, so its year is uncertain.
YEAR_OF_ANOTHER_EVENT = {"pelosi-visits-taiwan-2022": "china-suspends-repatriation-2022"}
# Dated by the publication itself: the sentence speaks in the present ("are still in the
# US", "plans to increase") and holds no temporal expression for it.
AS_AT_PUBLICATION = {
    "chinese-nationals-with-deportation-orders-2024",
    "beijing-plans-to-raise-exports-2024",
}
# Reported with no date at all: no later than publication, in the window of "recently".
UNDATED = {
    "yellen-li-qiang-talks-2024",
    "mayorkas-hopeful-on-nbc-news-2024",
    "chinese-embassy-backs-cooperation-2024",
}
NOT_STATED = (
    set(COUNTED_FROM_A_VAGUE_WORD) | set(YEAR_OF_ANOTHER_EVENT) | AS_AT_PUBLICATION | UNDATED
)


@pytest.fixture(scope="module")
def proposals() -> list[Expression]:
    text = ARTICLE.read_bytes().decode("utf-8")
    return find_expressions(text, SOURCE["published"])


def _in_cited_sentences(event: dict, proposals: list[Expression]) -> list[Expression]:
    return [
        p
        for p in proposals
        if any(
            p.sentence_start < s["end"] and s["start"] < p.sentence_end for s in event["evidence"]
        )
    ]


def _inside_cited_passages(event: dict, proposals: list[Expression]) -> list[Expression]:
    """The expressions whose own words lie inside one passage the event cites."""
    return [
        p
        for p in proposals
        if any(s["start"] <= p.start and p.end <= s["end"] for s in event["evidence"])
    ]


def test_the_article_is_drafted_against_8_april_2024():
    assert SOURCE["published"] == date(2024, 4, 8)


def test_every_event_is_classified_once():
    lists = [STATED_IN_A_CITED_PASSAGE, set(VAGUE), NOT_STATED]
    assert sum(len(listed) for listed in lists) == len(set().union(*lists)) == len(EVENTS)
    assert set().union(*lists) == set(EVENTS)


@pytest.mark.parametrize("event_id", sorted(STATED_IN_A_CITED_PASSAGE))
def test_a_stated_date_is_proposed_identically_from_words_inside_its_evidence(event_id, proposals):
    event = EVENTS[event_id]
    stating = [p for p in _inside_cited_passages(event, proposals) if p.date]
    assert event["date"] in [p.date.edtf for p in stating]
    phrases = [p.phrase.lower() for p in stating if p.date.edtf == event["date"]]
    assert any(phrase in event["resolved_from"].lower() for phrase in phrases)
    assert "inferred" not in event["resolved_from"].lower()


@pytest.mark.parametrize(("event_id", "phrase"), VAGUE.items())
def test_a_vague_date_is_the_uncertain_interval_proposed_for_its_word(event_id, phrase, proposals):
    event = EVENTS[event_id]
    [vague] = [p for p in _inside_cited_passages(event, proposals) if p.phrase == phrase]
    assert vague.kind == "vague" and vague.date.uncertain
    assert vague.date.end == SOURCE["published"]
    assert event["date"] == vague.date.edtf
    assert "vague" in event["resolved_from"] and INFERRED not in event["resolved_from"].lower()


@pytest.mark.parametrize("event_id", sorted(NOT_STATED))
def test_a_date_the_article_does_not_state_says_it_is_inferred(event_id):
    assert INFERRED in EVENTS[event_id]["resolved_from"].lower()


@pytest.mark.parametrize(("event_id", "words"), COUNTED_FROM_A_VAGUE_WORD.items())
def test_a_count_from_a_vague_word_is_proposed_with_the_curated_date_and_its_anchor(
    event_id, words, proposals
):
    phrase, anchor_phrase = words
    event = EVENTS[event_id]
    cited = _in_cited_sentences(event, proposals)
    [count] = [p for p in cited if p.phrase == phrase]
    [anchor] = [p for p in cited if p.phrase == anchor_phrase]
    assert count.timex_type == "DURATION" and count.date.edtf == event["date"]
    assert anchor.kind == "vague" and anchor.date.edtf in count.resolved_from


@pytest.mark.parametrize(("event_id", "dated_event_id"), YEAR_OF_ANOTHER_EVENT.items())
def test_a_year_taken_from_another_event_is_marked_uncertain(event_id, dated_event_id, proposals):
    """The visit cites the sentence that dates the suspension; it takes that year, with '?'."""
    event, dated = EVENTS[event_id], EVENTS[dated_event_id]
    stating = [p.date.edtf for p in _inside_cited_passages(event, proposals) if p.date]
    assert dated["date"] in stating
    assert event["date"] == f"{dated['date']}?"


@pytest.mark.parametrize("event_id", sorted(AS_AT_PUBLICATION))
def test_an_as_at_publication_figure_has_no_expression_of_its_own(event_id, proposals):
    event = EVENTS[event_id]
    assert event["date"] == SOURCE["published"].isoformat()
    dates = [p.date.edtf for p in _in_cited_sentences(event, proposals) if p.date]
    assert event["date"] not in dates


@pytest.mark.parametrize("event_id", sorted(UNDATED))
def test_an_undated_event_ends_at_publication_in_the_window_of_recently(event_id, proposals):
    event = EVENTS[event_id]
    dated = [p for p in _in_cited_sentences(event, proposals) if p.date]
    # Reported speech's "now", with no day given for the speech, is only the publication day:
    # no date for the event, which lies at or before it.
    assert [p.phrase for p in dated if p.timex_value != "PRESENT_REF"] == []
    assert all(p.date.edtf == SOURCE["published"].isoformat() for p in dated)
    [recently] = find_expressions("It happened recently.", SOURCE["published"])
    assert event["date"] == recently.date.edtf
    assert recently.date.uncertain and recently.date.end == SOURCE["published"]
    assert "gives no date" in event["summary"], "the summary must say the date is not given"


def test_nothing_in_the_article_is_dated_after_publication(proposals):
    dated = [p for p in proposals if p.date]
    assert len(dated) >= len(STATED_IN_A_CITED_PASSAGE)
    assert [p.phrase for p in dated if p.date.start > SOURCE["published"]] == []
