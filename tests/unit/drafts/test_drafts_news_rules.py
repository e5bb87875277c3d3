"""Issue 17's second round of news rules, found on TBAQ's tuning part: each test names one
rule and proves it on sentences of its own (none copied from a held-out document)."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from service.drafts.resolver import find_expressions

MARCH_2000 = date(2000, 3, 29)  # a Wednesday
OCTOBER_1989 = date(1989, 10, 26)  # a Thursday


def _timex(text: str, published: date) -> dict[str, tuple[str, str]]:
    return {e.phrase: (e.timex_type, e.timex_value) for e in find_expressions(text, published)}


def test_a_month_past_only_beyond_its_clause_is_the_coming_one_within_two_months():
    """'May', in late March, after a past tense in another clause, is the coming May; a past
    tense in its own clause keeps last year's."""
    found = _timex("Officials had not signed the deal, and the case is heard in May.", MARCH_2000)
    assert found["May"] == ("DATE", "2000-05")
    assert _timex("The case was heard in May.", MARCH_2000)["May"] == ("DATE", "1999-05")
    found = _timex("Officials had not signed the deal, and the case is heard in July.", MARCH_2000)
    assert found["July"] == ("DATE", "1999-07")


def test_words_ending_in_eed_are_no_past_tense():
    """'will succeed him Feb. 1' speaks of the future: 'succeed' is not a past participle."""
    found = _timex("Mr. Smith, 52 years old, will succeed Mr. Jones Feb. 1.", OCTOBER_1989)
    assert found["Feb. 1"] == ("DATE", "1990-02-01")
    found = _timex("Mr. Smith, 52 years old, succeeded Mr. Jones Feb. 1.", OCTOBER_1989)
    assert found["Feb. 1"] == ("DATE", "1989-02-01")


def test_a_named_weekdays_part_of_the_day_is_a_date_and_a_clock_time_a_time():
    found = _timex("Talks ended Wednesday night. They resume at 10 p.m. Friday.", MARCH_2000)
    assert found["Wednesday night"] == ("DATE", "2000-03-29TNI")
    (night,) = [e for e in find_expressions("It began Sunday night.", MARCH_2000) if e.date is None]
    assert (night.phrase, night.timex_value) == ("Sunday night", "2000-03-26TNI")
    assert "time of day" in night.reason
    assert found["10 p.m. Friday"][0] == "TIME"
    assert _timex("Talks ended last night.", MARCH_2000)["last night"][0] == "TIME"


@given(
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["$", "£", "€"]),
    st.sampled_from(["", " billion", " million"]),
)
def test_a_sum_of_money_is_never_a_dotted_clock_time(hour, minute, currency, scale):
    text = f"Sales rose 8% to {currency}{hour}.{minute:02d}{scale} from a year ago."
    assert not [e for e in find_expressions(text, OCTOBER_1989) if e.timex_type == "TIME"]


def test_a_dotted_clock_time_needs_a_year_or_a_month_in_its_short_line():
    """A one-digit number is no year: '8%' does not make '1.15' a dateline's time."""
    found = _timex("Shares rose 8 cents to 1.15 on heavy trading.", OCTOBER_1989)
    assert not [value for timex_type, value in found.values() if timex_type == "TIME"]
    dateline = _timex("London, 26 October 1989, 16.41", OCTOBER_1989)
    assert dateline["16.41"] == ("TIME", "1989-10-26T16:41")
    assert _timex("10/26/1989, 16.41", OCTOBER_1989)["16.41"] == ("TIME", "1989-10-26T16:41")
    assert "16.41" not in _timex("Shares rose 12345 to 16.41.", OCTOBER_1989)


def test_set_to_and_planning_to_speak_of_the_coming_weekday():
    sunday = date(1998, 3, 22)
    found = _timex("The peace process, set to resume Monday, went on.", sunday)
    assert found["Monday"] == ("DATE", "1998-03-23")
    found = _timex("Protesters were planning to drive around the airport on Monday.", sunday)
    assert found["Monday"] == ("DATE", "1998-03-23")
    found = _timex("The peace process, which was set aside Monday, went on.", sunday)
    assert found["Monday"] == ("DATE", "1998-03-16")


def test_since_a_month_is_the_latest_such_month_even_when_the_next_is_near():
    """'since May' in late March runs from last May: 'since' reads its month in the past."""
    (since,) = find_expressions("Prices have risen since May.", MARCH_2000)
    assert since.date.edtf == "1999-05/2000-03-29"


def test_a_bare_plural_unit_after_for_in_or_within_is_a_vague_duration():
    found = _timex("For weeks the government has held rallies in the capital.", MARCH_2000)
    assert found["weeks"] == ("DURATION", "PXW")
    found = _timex("It grew for the first time in years and may shrink within months.", MARCH_2000)
    assert (found["years"], found["months"]) == (("DURATION", "PXY"), ("DURATION", "PXM"))
    assert _timex("She had years of experience, as in years past.", MARCH_2000) == {}


def test_coming_weeks_without_the_is_the_vague_time_ahead():
    (coming,) = find_expressions("Rates should fall in coming weeks.", MARCH_2000)
    assert (coming.phrase, coming.timex_value) == ("coming weeks", "PXW")
    assert coming.date.edtf == "2000-03-29/2000-05-10?"


def test_the_latest_period_of_an_earnings_report_is_the_quarter_it_last_named():
    text = "Net income rose 5% in the second quarter. Sales in the latest period fell."
    found = {e.phrase: e for e in find_expressions(text, OCTOBER_1989)}
    latest = found["the latest period"]
    assert (latest.timex_value, latest.date.edtf) == ("1989-Q2", "1989-04/1989-06")
    assert "last named" in latest.resolved_from
