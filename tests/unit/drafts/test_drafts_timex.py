"""Every expression carries its TIMEX3 type and value beside its EDTF date (issue 17).

TimeML tools and the TempEval-3 scorer read the TIMEX3 value; the EDTF date is what an
event stores. Where EDTF cannot hold the expression it is still listed, with its TIMEX3
value and the reason it has no date.
"""

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.draft import TIMEX_TYPES as SCHEMA_TIMEX_TYPES
from service.drafts.dataset import draft_dataset
from service.drafts.resolver import TIMEX_TYPES, find_expressions

MONDAY = date(2024, 4, 8)
# A TIMEX3 value: a (partial) date or week, optionally a time; a duration; a reference word.
TIMEX_VALUE = re.compile(
    r"(?:FY)?[0-9X]{2,4}(?:-(?:[0-9X]{2}|Q[1-4X]|H[12]|W[0-9X]{2}|SP|SU|FA|WI)"
    r"(?:-(?:[0-9X]{2}|WE))?)?(?:T(?:[0-9X]{2}(?::[0-9X]{2})?|MO|AF|EV|NI|DT))?"
    r"|P(?:[0-9X.]+[YMWDHS]|T[0-9X.]+[HMS])+|P[0-9X]+DE"
    r"|PRESENT_REF|PAST_REF|FUTURE_REF",
    re.ASCII,
)


def _timex(text: str, published: date = MONDAY) -> dict[str, tuple[str, str]]:
    return {e.phrase: (e.timex_type, e.timex_value) for e in find_expressions(text, published)}


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("It opened on 8 April 2024.", "8 April 2024", ("DATE", "2024-04-08")),
        ("Talks resumed two weeks ago.", "two weeks ago", ("DATE", "2024-03-25")),
        ("Sales fell in March 2023.", "March 2023", ("DATE", "2023-03")),
        (
            "Sales fell in the first quarter of 2024.",
            "the first quarter of 2024",
            ("DATE", "2024-Q1"),
        ),
        ("Sales fell in the second half of 2023.", "the second half of 2023", ("DATE", "2023-H2")),
        ("Arrests rose in FY2023.", "FY2023", ("DATE", "2023")),
        ("Music of the 1990s returned.", "the 1990s", ("DATE", "199")),
        ("He met her last week.", "last week", ("DATE", "2024-W14")),
        ("He met her last weekend.", "last weekend", ("DATE", "2024-W14-WE")),
        ("Prices rose earlier this year.", "earlier this year", ("DATE", "2024")),
        ("Prices rose over the past two years.", "the past two years", ("DURATION", "P2Y")),
        ("Prices rose recently.", "recently", ("DATE", "PAST_REF")),
        ("Prices will rise in the coming weeks.", "the coming weeks", ("DURATION", "PXW")),
    ],
)
def test_each_rule_gives_its_timex3_value(text, phrase, expected):
    assert _timex(text)[phrase] == expected


def test_an_ambiguous_numeric_date_keeps_the_year_it_is_sure_of():
    (found,) = find_expressions("Dated 03/02/2024.", MONDAY)
    assert found.date is None and "ambiguous" in found.reason
    assert (found.timex_type, found.timex_value) == ("DATE", "2024-XX-XX")


def test_the_contract_lists_the_resolvers_timex3_types():
    assert SCHEMA_TIMEX_TYPES == TIMEX_TYPES


def test_only_expressions_with_an_edtf_date_become_draft_events():
    text = "Talks lasted for two weeks. They ended on 8 April 2024."
    dataset, unresolved = draft_dataset(text, MONDAY, "talks")
    assert [event["date"] for event in dataset["events"]] == ["2024-04-08"]
    assert [(e.phrase, e.timex_type) for e in unresolved] == [("two weeks", "DURATION")]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "8 April 2024",
                "Nov. 21",
                "on Friday",
                "last week",
                "two weeks ago",
                "recently",
                "for two years",
                "the 1990s",
                "Q3 1989",
                "FY 23",
                "03/02/2024",
                "said",
                "will",
                "tonight",
                "last summer",
                "since 2019",
                "the following year",
                "earlier this year",
                "the past decade",
                "2024-02-30",
                "12",
                ".",
                ",",
            ]
        )
        | st.text(max_size=12),
        max_size=20,
    ),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
def test_every_expression_has_a_timex3_type_and_a_well_formed_value(pieces, published):
    for expression in find_expressions(" ".join(pieces), published):
        assert expression.timex_type in TIMEX_TYPES
        assert TIMEX_VALUE.fullmatch(expression.timex_value), expression
        assert (expression.date is None) == (expression.reason is not None)
