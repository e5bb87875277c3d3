"""The expressions issue 17 found the drafts missing in real news, each with its TIMEX3
value, its EDTF date where EDTF as stored can hold it, and otherwise the reason."""

from datetime import date

import pytest

from service.drafts.resolver import find_expressions
from tests.helpers import ARTICLE

MONDAY = date(2024, 4, 8)
OCTOBER_1989 = date(1989, 10, 27)  # a Friday, as the Wall Street Journal in TimeBank


def _found(text: str, published: date = MONDAY) -> dict[str, tuple[str, str, str | None]]:
    return {
        e.phrase: (e.timex_type, e.timex_value, e.date.edtf if e.date else None)
        for e in find_expressions(text, published)
    }


def _one(text: str, phrase: str, published: date = MONDAY):
    (expression,) = [e for e in find_expressions(text, published) if e.phrase == phrase]
    return expression


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("He served for two decades.", "two decades", ("DURATION", "P20Y", None)),
        ("The plan takes five years.", "five years", ("DURATION", "P5Y", None)),
        ("It took a month to agree.", "a month", ("DURATION", "P1M", None)),
        ("She signed a two-year contract.", "two-year", ("DURATION", "P2Y", None)),
        ("The meeting lasted 16 hours.", "16 hours", ("DURATION", "PT16H", None)),
        (
            "Sales rose in the first nine months.",
            "the first nine months",
            ("DURATION", "P9M", None),
        ),
        ("Talks went on for several years.", "several years", ("DURATION", "PXY", None)),
        ("Nine months after her visit, he went.", "Nine months", ("DURATION", "P9M", None)),
    ],
)
def test_durations_carry_an_iso_8601_duration(text, phrase, expected):
    assert _found(text)[phrase] == expected


def test_a_duration_is_counted_from_a_date_beside_it_in_its_sentence():
    after = _one("Nine months after the March 2023 summit, he went.", "Nine months")
    assert (after.timex_value, after.date.edtf) == ("P9M", "2023-12~")
    assert "2023-03" in after.resolved_from
    before = _one("He left two weeks before 8 April 2024.", "two weeks")
    assert before.date.edtf == "2024-03-25~"


def test_a_month_earlier_counts_from_the_date_earlier_in_its_sentence():
    assert _found("Prices rose in March 2023, having fallen a month earlier.")["a month earlier"][
        2
    ] == ("2023-02")


def test_the_articles_nine_months_count_back_from_recently_to_about_july_2023():
    text = ARTICLE.read_text(encoding="utf-8")
    nine = _one(text, "nine months", date(2024, 4, 8))
    assert nine.timex_value == "P9M"
    assert nine.date.edtf == "2023-07~"


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Prices are now falling.", "now", ("DATE", "PRESENT_REF", "2024-04-08")),
        ("He is currently in Beijing.", "currently", ("DATE", "PRESENT_REF", "2024-04-08")),
        ("Mistakes were made in the past.", "the past", ("DATE", "PAST_REF", None)),
        ("It will change in the future.", "the future", ("DATE", "FUTURE_REF", None)),
        ("Recent discussions went well.", "Recent", ("DATE", "PAST_REF", None)),
    ],
)
def test_reference_words_are_present_past_and_future_refs(text, phrase, expected):
    assert _found(text)[phrase] == expected


def test_now_in_reported_speech_is_the_day_of_the_speech():
    found = _found("On 3 April 2024 the minister said prices are now stable.")
    assert found["now"] == ("DATE", "PRESENT_REF", "2024-04-03")


def test_the_past_and_the_future_say_why_they_have_no_date():
    assert "PAST_REF" in _one("As in the past, it failed.", "the past").reason


def test_bare_years_in_ranges_and_before_a_verb():
    assert _found("The 2009-2010 season was long.") == {
        "2009": ("DATE", "2009", "2009"),
        "2010": ("DATE", "2010", "2010"),
    }
    assert _found("The painter, born in 1953 has died.")["1953"][2] == "1953"
    assert _found("The year 1953 has been good.")["1953"][2] == "1953"
    assert list(_found("Votes in 2009, 2010 and 2012 were close.")) == ["2009", "2010", "2012"]


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Third-quarter profit fell.", "Third-quarter", ("DATE", "1989-Q3", "1989-07/1989-09")),
        ("Profit fell in Q3 1989.", "Q3 1989", ("DATE", "1989-Q3", "1989-07/1989-09")),
        (
            "In the fourth quarter, sales rose.",
            "the fourth quarter",
            ("DATE", "1989-Q4", "1989-10/1989-12"),
        ),
        (
            "Sales fell in this year's third quarter.",
            "this year's third quarter",
            ("DATE", "1989-Q3", "1989-07/1989-09"),
        ),
        (
            "Sales fell in the latest quarter.",
            "the latest quarter",
            ("DATE", "1989-Q3", "1989-07/1989-09"),
        ),
        (
            "Profit fell in the fiscal first quarter.",
            "the fiscal first quarter",
            ("DATE", "1989-Q1", "1989-01/1989-03"),
        ),
    ],
)
def test_quarters_are_edtf_intervals_of_months(text, phrase, expected):
    assert _found(text, OCTOBER_1989)[phrase] == expected


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("It rained last summer.", "last summer", "2023-SU"),
        ("It will open this summer.", "this summer", "2024-SU"),
        ("It opens next spring.", "next spring", "2025-SP"),
        ("It snowed in the winter.", "the winter", "2023-WI"),
        ("It happened in spring 2022.", "spring 2022", "2022-SP"),
    ],
)
def test_seasons_have_a_timex3_value_and_a_reason(text, phrase, value):
    expression = _one(text, phrase)
    assert (expression.timex_type, expression.timex_value) == ("DATE", value)
    assert expression.date is None and "season" in expression.reason


def test_underspecified_dates_take_the_date_earlier_in_their_sentence():
    assert _found("In 2019 the firm failed, and that year it closed.")["that year"][2] == "2019"
    assert _found("On 3 April 2024 he came; that day it rained.")["that day"][2] == "2024-04-03"
    assert _found("On 3 April 2024 it was held; on the day, few came.")["the day"][2] == (
        "2024-04-03"
    )
    alone = _one("That year was hard.", "That year")
    assert alone.date is None and alone.reason
    assert alone.timex_value == "XXXX-XX-XX"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Rains come each season.", "each season", "P3M"),
        ("She runs every morning.", "every morning", "XXXX-XX-XXTMO"),
        ("The paper appears weekly.", "weekly", "P1W"),
        ("They meet each Thursday.", "each Thursday", "XXXX-WXX-4"),
        ("Prices are set twice a year.", "a year", "P1Y"),
    ],
)
def test_sets_are_listed_with_their_timex3_value(text, phrase, value):
    expression = _one(text, phrase)
    assert (expression.timex_type, expression.timex_value) == ("SET", value)
    assert expression.date is None and "recurring" in expression.reason


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The vote is at 8 PM.", "8 PM", "2024-04-08T20:00"),
        ("The vote was at 10 p.m. Tuesday.", "10 p.m. Tuesday", "2024-04-02T22:00"),
        ("It ended at 10:35 a.m.", "10:35 a.m.", "2024-04-08T10:35"),
        ("Beijing, 8 April 2024, 16.41", "16.41", "2024-04-08T16:41"),
        ("It rained this morning.", "this morning", "2024-04-08TMO"),
        ("It rained last night.", "last night", "2024-04-07TNI"),
    ],
)
def test_times_of_day_are_listed_with_their_timex3_time(text, phrase, value):
    expression = _one(text, phrase)
    assert (expression.timex_type, expression.timex_value) == ("TIME", value)
    assert expression.date is None and "time of day" in expression.reason


def test_a_dotted_number_in_running_text_is_not_a_time():
    text = "Shares rose by 16.41 points in a long and busy day of trading on the exchange here."
    assert "16.41" not in _found(text)


def test_a_month_day_just_after_publication_is_the_coming_one():
    published = date(1989, 11, 2)
    assert _found("The offer ends Nov. 21.", published)["Nov. 21"][2] == "1989-11-21"
    assert _found("The offer ended Oct. 21.", published)["Oct. 21"][2] == "1989-10-21"
    assert _found("The show is to run through June.", date(2024, 4, 8))["June"][2] == "2024-06"


def test_a_weekday_in_a_story_published_that_day_is_that_day():
    friday = date(2024, 4, 12)
    assert _found("Talks began on Friday.", friday)["Friday"][2] == "2024-04-12"


def test_the_documents_own_convention_decides_a_numeric_date_and_says_so():
    day_first = _one("Signed 25/03/2024. Filed 03/02/2024.", "03/02/2024")
    assert day_first.date.edtf == "2024-02-03"
    assert "25/03/2024" in day_first.resolved_from
    in_words = _one("On 8 April 2024 it was signed. Filed 03/02/2024.", "03/02/2024")
    assert in_words.date.edtf == "2024-02-03"
    assert "in words (8 April 2024)" in in_words.resolved_from
    us = _one("On April 8, 2024 it was signed. Filed 03/02/2024.", "03/02/2024")
    assert us.date.edtf == "2024-03-02"
    assert "month first" in us.resolved_from


def test_a_header_date_is_read_by_the_documents_convention_not_by_publication():
    text = "05/04/2024\nOn 5 April 2024 the talks ended."
    header = _one(text, "05/04/2024", date(2024, 5, 4))
    assert header.date.edtf == "2024-04-05" and "convention" in header.resolved_from


def test_in_a_report_on_a_quarter_a_year_ago_is_that_quarter_a_year_before():
    text = "Third-quarter profit rose to $5 million from $4 million a year ago."
    assert _found(text, OCTOBER_1989)["a year ago"] == ("DATE", "1988-Q3", "1988-07/1988-09")
    later = "Third-quarter profit rose. Sales in the year-earlier quarter were lower."
    assert _found(later, OCTOBER_1989)["the year-earlier quarter"][1] == "1988-Q3"
    assert _found("Sales fell in the quarter.", OCTOBER_1989)["the quarter"][1] == "1989-Q3"


def test_a_year_earlier_with_no_date_beside_it_counts_from_publication_uncertain():
    assert _found("Sales were higher a year earlier.")["a year earlier"][2] == "2023?"


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Talks went on over the weekend.", MONDAY, "2024-04-06/2024-04-07"),
        (
            "Traders squared positions ahead of the weekend.",
            date(2024, 4, 12),
            "2024-04-13/2024-04-14",
        ),
        ("Talks went on over the weekend.", date(2024, 4, 7), "2024-04-06/2024-04-07"),
    ],
)
def test_the_weekend_is_the_one_just_past_or_the_coming_one(text, published, expected):
    assert _found(text, published)["the weekend"][2] == expected


def test_current_before_a_state_is_the_present_but_not_current_account():
    assert _found("It blamed the current weakness in London.")["current"][1] == "PRESENT_REF"
    assert "current" not in _found("The current account deficit grew.")


def test_edges_of_a_month_or_year_keep_the_month_or_year():
    published = date(1989, 10, 27)
    assert _found("Results are due in mid-November.", published)["mid-November"][2] == "1989-11"
    assert _found("It opened in mid-1996.", published)["mid-1996"][2] == "1996"


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("We met at Thanksgiving.", "Thanksgiving", "1999-11-25"),
        ("They voted on Election Day.", "Election Day", "1999-11-02"),
        ("It will close on Christmas Eve.", "Christmas Eve", "1999-12-24"),
        ("On New Year's Day it will snow.", "New Year's Day", "2000-01-01"),
        ("In nineteen ninety-six it fell.", "nineteen ninety-six", "1996"),
        ("By the year two thousand it ends.", "the year two thousand", "2000"),
    ],
)
def test_days_known_by_name_and_years_in_words(text, phrase, expected):
    assert _found(text, date(1999, 12, 1))[phrase][2] == expected


def test_two_thousand_people_is_not_a_year():
    assert _found("Two thousand people came.") == {}


def test_a_weekday_that_is_publication_day_is_that_day_whatever_the_tense():
    friday = date(2024, 4, 12)
    assert _found("Talks will resume on Friday.", friday)["Friday"][2] == "2024-04-12"


def test_with_no_tense_marker_the_weekday_after_publication_is_the_next_day():
    assert _found("The vote is on Tuesday.")["Tuesday"][2] == "2024-04-09"
    assert _found("The group arrived on Tuesday.")["Tuesday"][2] == "2024-04-02"


def test_the_year_of_a_report_and_the_year_ended():
    assert _found("For the year, volume was flat.")["the year"] == ("DATE", "2024", "2024")
    assert _found("Income in the year ended June 30 rose.")["the year"] == ("DURATION", "P1Y", None)
    assert "the year" not in _found("The year was hard.")


def test_now_as_a_discourse_word_or_in_until_now_is_not_a_time():
    assert "Now" not in _found("Now, he says, it looks bad.")
    assert "now" not in _found("He has until now been silent.")
    assert _found("Now the court will rule.")["Now"][1] == "PRESENT_REF"
