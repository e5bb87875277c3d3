"""The resolver on the article against the curated dataset's dates.

Every dated event whose date its own sentence states or implies must be proposed with the
identical EDTF date, from a sentence overlapping a passage the event cites. The others are
listed here by why not: a vague word (``recently``). ``nine months`` (the first trip)
counts back from ``recently`` in its own sentence (issue 17), so it is proposed like a
stated date. A new event in the dataset fails ``test_every_event_is_classified`` until
someone decides which list it belongs to.
"""

from datetime import date

import pytest

from service.drafts.resolver import Expression, find_expressions
from service.files.dataset import BUNDLED_DATASET, read_dataset, validate_dataset
from tests.helpers import ARTICLE

DATASET = validate_dataset(read_dataset(BUNDLED_DATASET))
[SOURCE] = DATASET["sources"]
EVENTS = {event["id"]: event for event in DATASET["events"]}

STATED_IN_ITS_SENTENCE = {
    "article-published-2024-04-08",  # the dateline, read month first: it is the publication day
    "mayorkas-hopeful-remarks-2024",  # two days ago
    "mayorkas-wang-vienna-meeting-2024",  # back in February
    "record-border-arrests-2023",  # in 2023
    "playa-vicente-bodies-found-2024",  # two weeks ago
    "pelosi-visits-taiwan-2022",  # in 2022
    "china-suspends-repatriation-2022",  # in 2022
    "ice-repatriations-fiscal-2023",  # the last fiscal year
    "china-ev-solar-output-2023",  # in 2023
    "two-sessions-2024",  # last month's
    "yellen-first-china-visit-2023",  # nine months, counted back from "recently" before it
}
VAGUE = {"yellen-second-china-visit-2024": "recently"}
# Dated by the publication itself: the sentence speaks in the present ("are still in the
# US") and holds no temporal expression for it, so nothing is proposed for that date.
AS_AT_PUBLICATION = {"chinese-nationals-with-deportation-orders-2024"}


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


def test_the_article_is_drafted_against_8_april_2024():
    assert SOURCE["published"] == date(2024, 4, 8)


def test_every_event_is_classified():
    listed = STATED_IN_ITS_SENTENCE | set(VAGUE) | AS_AT_PUBLICATION
    assert listed == set(EVENTS)


@pytest.mark.parametrize("event_id", sorted(STATED_IN_ITS_SENTENCE))
def test_a_date_stated_in_its_sentence_is_proposed_identically(event_id, proposals):
    event = EVENTS[event_id]
    dates = [p.date.edtf for p in _in_cited_sentences(event, proposals) if p.date]
    assert event["date"] in dates


@pytest.mark.parametrize(("event_id", "phrase"), VAGUE.items())
def test_a_vague_date_is_proposed_as_an_uncertain_interval(event_id, phrase, proposals):
    [vague] = [p for p in _in_cited_sentences(EVENTS[event_id], proposals) if p.phrase == phrase]
    assert vague.kind == "vague" and vague.date.uncertain
    assert vague.date.end == SOURCE["published"]


@pytest.mark.parametrize("event_id", sorted(AS_AT_PUBLICATION))
def test_an_as_at_publication_figure_has_no_expression_of_its_own(event_id, proposals):
    event = EVENTS[event_id]
    assert event["date"] == SOURCE["published"].isoformat()
    dates = [p.date.edtf for p in _in_cited_sentences(event, proposals) if p.date]
    assert event["date"] not in dates


def test_nothing_in_the_article_is_dated_after_publication(proposals):
    assert all(p.date.start <= SOURCE["published"] for p in proposals if p.date)
