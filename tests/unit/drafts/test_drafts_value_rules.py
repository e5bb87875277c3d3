"""Issue 17's third round of news rules, on values: each test names one rule and proves it
on sentences of its own (none copied from a held-out document)."""

import calendar
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from service.drafts.resolver import find_expressions

OCTOBER_1989 = date(1989, 10, 30)  # a Monday

publication_days = st.dates(min_value=date(1950, 1, 1), max_value=date(2049, 12, 31))
months = st.integers(1, 12)


def _timex(text: str, published: date) -> dict[str, tuple[str, str]]:
    return {e.phrase: (e.timex_type, e.timex_value) for e in find_expressions(text, published)}


def test_an_end_point_in_the_past_tense_far_back_is_the_coming_one():
    """'gave it until mid-November', written at the end of October, is the coming November,
    not the one eleven months back; so are 'extended through January' and 'effective
    Feb. 1'. Without the end-point word the past tense keeps the latest one."""
    found = _timex(
        "The government gave the bidder until mid-November to reply. Lenders extended "
        "the loans through January. The bank created a new office, effective Feb. 1.",
        OCTOBER_1989,
    )
    assert found["mid-November"] == ("DATE", "1989-11")
    assert found["January"] == ("DATE", "1990-01")
    assert found["Feb. 1"] == ("DATE", "1990-02-01")
    found = _timex("Lenders extended the loans in January. It opened Feb. 1.", OCTOBER_1989)
    assert found["January"] == ("DATE", "1989-01")
    assert found["Feb. 1"] == ("DATE", "1989-02-01")


def test_an_end_point_in_the_past_tense_near_back_stays_the_latest():
    """'had bought shares through Sept. 29' a month later is that Sept. 29, and 'sales
    through August' that August."""
    found = _timex(
        "The fund had bought 481,000 shares through Sept. 29. Sales rose through August.",
        OCTOBER_1989,
    )
    assert found["Sept. 29"] == ("DATE", "1989-09-29")
    assert found["August"] == ("DATE", "1989-08")


@given(publication_days, months)
def test_a_month_after_until_is_the_nearer_reading_once_the_past_one_is_far(published, month):
    """For any publication day and month: 'until <Month>' in the past tense is the coming
    month when that is nearer and the latest one began over six months back; otherwise the
    latest one begun by publication."""
    name = calendar.month_name[month]
    found = _timex(f"The agency gave the firm until {name} to reply.", published)
    back, ahead = (published.month - month) % 12, (month - published.month) % 12 or 12
    latest = published.year if month <= published.month else published.year - 1
    year = latest + 1 if back > 6 and ahead < back else latest
    assert found[name] == ("DATE", f"{year:04d}-{month:02d}")


@given(publication_days, months, st.sampled_from([("last", -1), ("this", 0), ("next", 1)]))
def test_a_month_with_a_counted_year_is_one_expression_in_that_year(published, month, which):
    """'June last year', 'January this year', 'May of next year': one expression, that
    month of the year counted from publication's, whatever the tense would say of the
    month alone."""
    word, offset = which
    name = calendar.month_name[month]
    for phrase in (f"{name} {word} year", f"{name} of {word} year"):
        found = _timex(f"Talks were held in {phrase} and failed.", published)
        assert found == {phrase: ("DATE", f"{published.year + offset:04d}-{month:02d}")}


def test_a_month_day_with_a_counted_year_is_that_day_or_says_why_there_is_none():
    found = _timex("The plant closed on March 3 last year.", OCTOBER_1989)
    assert found == {"March 3 last year": ("DATE", "1988-03-03")}
    leap, plain = find_expressions(
        "It opens Feb. 29 next year, as Feb. 29 last year.", date(1991, 5, 1)
    )
    assert (leap.phrase, leap.timex_value) == ("Feb. 29 next year", "1992-02-29")
    assert (plain.phrase, plain.date) == ("Feb. 29 last year", None)
    assert "1990-02-29 is not a calendar day" in plain.reason


UNITS = {"year": "Y", "month": "M", "day": "D"}
CLOCK_UNITS = {"hour": "H", "minute": "M"}


@given(st.integers(1, 99), st.sampled_from([*UNITS, *CLOCK_UNITS]))
def test_a_count_with_more_is_a_duration(count, unit):
    """'two more weeks', 'at least 20 more years': the duration counted, 'more' inside."""
    phrase = f"{count} more {unit}s"
    letters = f"{count}{UNITS[unit]}" if unit in UNITS else f"T{count}{CLOCK_UNITS[unit]}"
    assert _timex(f"The talks need {phrase} to finish.", OCTOBER_1989) == {
        phrase: ("DURATION", f"P{letters}")
    }


def test_a_count_and_a_half_is_the_duration_with_half_the_unit_below():
    found = _timex(
        "He served 2 1/2 years; the flight took 5 1/2 hours, the strike 3 1/2 days, "
        "the audit 1 1/2 months and the drought 1 1/2 decades.",
        OCTOBER_1989,
    )
    assert found == {
        "2 1/2 years": ("DURATION", "P2Y6M"),
        "5 1/2 hours": ("DURATION", "PT5H30M"),
        "3 1/2 days": ("DURATION", "P3DT12H"),
        "1 1/2 months": ("DURATION", "P1M15D"),
        "1 1/2 decades": ("DURATION", "P15Y"),
    }


def test_a_long_or_several_unit_adjective_is_a_duration():
    """'a day-long strike' (one day), 'a decades-long feud' and 'several-year plans' (a
    count unknown), 'a two-week-long trip'; a 'long-term view' is none."""
    found = _timex(
        "After a day-long strike, a decades-long feud, several-year plans and a "
        "two-week-long trip, they took a long-term view.",
        OCTOBER_1989,
    )
    assert found == {
        "day-long": ("DURATION", "P1D"),
        "decades-long": ("DURATION", "PXY"),
        "several-year": ("DURATION", "PXY"),
        "two-week-long": ("DURATION", "P2W"),
    }


@given(publication_days, st.sampled_from(["full", "fiscal"]))
def test_a_reports_full_or_fiscal_year_is_the_year_of_publication(published, which):
    """'for the full year', 'throughout the fiscal year': the report's own year; 'the
    fiscal year ended Jan. 31' is a year's length."""
    found = _timex(f"Sales for the {which} year rose.", published)
    assert found == {f"the {which} year": ("DATE", f"{published.year:04d}")}
    found = _timex(f"In the {which} year ended Jan. 31, sales rose.", published)
    assert found[f"the {which} year"] == ("DURATION", "P1Y")


@given(
    publication_days, st.sampled_from(["the", "the full", "the fiscal"]), st.integers(1950, 2040)
)
def test_the_year_followed_by_a_year_is_the_year_named(published, words, year):
    """'for the year 1990' is 1990, not the year of publication ('fiscal year 1990' is one
    expression, the fiscal year)."""
    ((phrase, value),) = _timex(f"Sales for {words} year {year} rose.", published).items()
    assert phrase.endswith(f"year {year}" if "fiscal" in words else f"{year}")
    assert value == ("DATE", f"{year}")


@given(publication_days, st.sampled_from(["year end", "year-end", "year's end"]))
def test_by_year_end_is_the_year_of_publication_ending_in_its_december(published, phrase):
    """TIMEX3 values 'by year end' as the year (the end is TimeML's ``mod``); the draft's
    date is that year's December. With no cue before it, 'year-end net' is no date."""
    (expression,) = find_expressions(f"The deal should close by {phrase}.", published)
    assert (expression.phrase, expression.timex_value) == (phrase, f"{published.year:04d}")
    assert expression.date.edtf == f"{published.year:04d}-12"
    assert _timex("Year-end net fell, and the year end was weak.", published) == {}


@given(st.integers(1, 4), st.integers(1950, 2040), st.sampled_from(["quarter", "period"]))
def test_the_year_quarter_of_an_earnings_report_is_the_quarter_last_named(q, year, noun):
    """'Net rose in the third quarter ... in the 1988 quarter': the third quarter of 1988;
    it is itself no newly named quarter, so 'a year ago' after it still counts from the
    quarter the report is about."""
    ordinal = ["first", "second", "third", "fourth"][q - 1]
    text = f"Net rose in the {ordinal} quarter. It earned $5 in the {year} {noun}. "
    text += "A year ago, it lost."
    found = _timex(text, OCTOBER_1989)
    assert found[f"the {year} {noun}"] == ("DATE", f"{year:04d}-Q{q}")
    reported = found[f"the {ordinal} quarter"][1]
    assert found["A year ago"] == ("DATE", f"{int(reported[:4]) - 1:04d}-Q{q}")


def test_the_year_period_with_no_quarter_named_is_the_year():
    assert _timex("It earned $5 in the 1988 period.", OCTOBER_1989) == {
        "the 1988 period": ("DATE", "1988")
    }


def test_decades_and_centuries_take_timeml_values_the_years_leading_digits():
    """TimeML 1.2 values the 1990s '199' and the 20th century '19'; the draft's EDTF date
    keeps '199X' and '19XX'."""
    found = find_expressions("Music of the 1990s and the 20th century returned.", OCTOBER_1989)
    assert [(e.timex_value, e.date.edtf) for e in found] == [("199", "199X"), ("19", "19XX")]


@given(publication_days, st.integers(2, 9))
def test_a_decade_in_words_is_the_latest_of_that_name_begun_by_publication(published, tens):
    word = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies"]
    word += ["eighties", "nineties"]
    name = word[tens - 2]
    first = published.year - published.year % 100 + tens * 10
    first -= 100 if first > published.year else 0
    found = _timex(f"Music of the {name} returned.", published)
    assert found == {f"the {name}": ("DATE", f"{first // 10:03d}")}
    assert _timex(f"Temperatures were in the low {name}.", published) == {}


@given(st.integers(1, 120), st.sampled_from(["year", "month", "week", "day"]))
def test_an_age_is_no_duration_but_the_same_count_for_a_while_is(count, unit):
    """'Mr. Smith, 52 years old, ...' gives a person's age, no time an event took."""
    assert _timex(f"Mr. Smith, {count} {unit}s old, resigned.", OCTOBER_1989) == {}
    found = _timex(f"Mr. Smith served for {count} {unit}s.", OCTOBER_1989)
    assert found == {f"{count} {unit}s": ("DURATION", f"P{count}{unit[0].upper()}")}


def test_a_couple_is_two():
    found = _timex(
        "For a couple of years, and over the next couple of months, it grew.", OCTOBER_1989
    )
    assert found == {
        "a couple of years": ("DURATION", "P2Y"),
        "the next couple of months": ("DURATION", "P2M"),
    }


@given(st.sampled_from(["day", "week", "month", "year"]))
def test_the_units_ahead_is_a_vague_span_to_come(unit):
    (expression,) = find_expressions(f"Prices may fall in the {unit}s ahead.", OCTOBER_1989)
    assert (expression.phrase, expression.timex_value) == (
        f"the {unit}s ahead",
        f"PX{unit[0].upper()}",
    )
    assert expression.date.start == OCTOBER_1989


@given(st.integers(2, 99), st.sampled_from(["trading", "business", "working"]))
def test_trading_and_business_days_are_days(count, kind):
    found = _timex(f"Shares fell for {count} {kind} days.", OCTOBER_1989)
    assert found == {f"{count} {kind} days": ("DURATION", f"P{count}D")}


def test_and_between_two_names_does_not_end_the_clause():
    """'will double flights between Australia and India by August': the future tense
    reaches past the 'and' that joins two names; 'and' between clauses still ends one."""
    february = date(1998, 2, 13)
    found = _timex(
        "The airline will double flights between Australia and India by August in search "
        "of markets untouched by the crisis.",
        february,
    )
    assert found["August"] == ("DATE", "1998-08")
    found = _timex("The airline will grow, and flights rose in August.", february)
    assert found["August"] == ("DATE", "1997-08")
