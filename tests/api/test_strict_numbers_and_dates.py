"""Integers and days are read exactly as the contract writes them: ASCII digits, YYYY-MM-DD.

Python reads more: ``int("١")`` is 1, ``int(" 5")`` is 5, and ``date.fromisoformat`` takes
``20240408`` and ``2024-W15-1``. Each such spelling, sent where the contract says
``integer`` or ``format: date``, must get a problem naming the parameter or member, while
the plain ASCII spelling of the same value is answered.
"""

import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import examples, problem_of

ASCII_DIGITS = "0123456789"
TEXT = "Talks were held two days ago."
SETTINGS = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# The zero of a run of ten decimal digits other than ASCII's (Arabic-Indic, fullwidth, ...).
other_zeros = (
    st.characters(categories=["Nd"])
    .filter(lambda c: c not in ASCII_DIGITS)
    .map(lambda c: chr(ord(c) - unicodedata.digit(c)))
)


def in_digits(text: str, zero: str, positions: set[int]) -> str:
    """``text`` with the ASCII digits at ``positions`` written in the digits starting at
    ``zero``."""
    return "".join(
        chr(ord(zero) + int(c)) if i in positions and c in ASCII_DIGITS else c
        for i, c in enumerate(text)
    )


@st.composite
def foreign_digits(draw, text: str) -> str:
    """``text`` with at least one of its digits in another script's digits."""
    digit_positions = [i for i, c in enumerate(text) if c in ASCII_DIGITS]
    positions = draw(st.sets(st.sampled_from(digit_positions), min_size=1))
    return in_digits(text, draw(other_zeros), positions)


@st.composite
def integer_spellings(draw, value: int) -> str:
    """A spelling of ``value`` that Python's ``int`` reads and the contract does not."""
    plain = str(value)
    return draw(
        st.one_of(
            foreign_digits(plain),
            st.sampled_from([f" {plain}", f"{plain} ", f"+{plain}", f"{plain}\n", f"0_{plain}"]),
        )
    )


@st.composite
def day_spellings(draw, day: date) -> str:
    """A spelling of ``day`` that ``date.fromisoformat`` (or a looser reader) takes and
    ``YYYY-MM-DD`` in ASCII digits is not."""
    year, week, weekday = day.isocalendar()
    return draw(
        st.one_of(
            foreign_digits(day.isoformat()),
            st.sampled_from(
                [
                    day.strftime("%Y%m%d"),
                    f"{year:04d}-W{week:02d}-{weekday}",
                    f"{year:04d}W{week:02d}{weekday}",
                    f"{day.year:04d}-{day.timetuple().tm_yday:03d}",
                    f"{day.isoformat()}\n",
                    f" {day.isoformat()}",
                    f"{day.isoformat()}T00:00:00",
                    f"{day.year:04d}-{day.month}-{day.day}",
                ]
            ).filter(lambda spelling: spelling != day.isoformat()),
        )
    )


days = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


def names(problem: dict, name: str) -> bool:
    return any(name in (e.get("parameter"), e.get("pointer")) for e in problem["errors"])


@SETTINGS
@given(data=st.data(), limit=st.integers(1, 100))
def test_an_integer_parameter_takes_ascii_digits_only(client, data, limit):
    assert client.get(f"/events?limit={limit}").status_code == 200
    spelling = data.draw(integer_spellings(limit))
    assert names(problem_of(client.get("/events", query_string={"limit": spelling}), 400), "limit")


@SETTINGS
@given(spelling=integer_spellings(0))
def test_the_change_feeds_since_takes_ascii_digits_only(client, spelling):
    assert client.get("/changes?since=0").status_code == 200
    assert names(problem_of(client.get("/changes", query_string={"since": spelling}), 400), "since")


@SETTINGS
@given(data=st.data(), day=days)
def test_a_query_day_is_yyyy_mm_dd_in_ascii_digits(client, data, day):
    def draft(published: str):
        return client.post(
            "/drafts", query_string={"published": published}, data=TEXT, content_type="text/plain"
        )

    assert draft(day.isoformat()).status_code == 200
    spelling = data.draw(day_spellings(day))
    assert names(problem_of(draft(spelling), 400), "published")


@SETTINGS
@given(data=st.data(), day=days)
def test_a_body_day_is_yyyy_mm_dd_in_ascii_digits(client, data, day):
    def draft(published: str):
        return client.post("/drafts", json={"text": TEXT, "published": published})

    assert draft(day.isoformat()).status_code == 200
    spelling = data.draw(day_spellings(day))
    assert names(problem_of(draft(spelling), 422), "/published")


@SETTINGS
@given(data=st.data(), day=days, form=st.sampled_from([lambda d: f"{d.year:04d}", date.isoformat]))
def test_a_range_bound_takes_ascii_digits_only(client, data, day, form):
    plain = form(day)
    assert client.get(f"/events?from={plain}").status_code == 200
    spelling = data.draw(foreign_digits(plain))
    assert names(problem_of(client.get("/events", query_string={"from": spelling}), 400), "from")


@pytest.mark.parametrize("value", ["288", "٢٨٨", "２８８"])
def test_a_figure_is_a_json_number_never_text(client, auth, value):
    patch = {"figures": [{"value": value, "unit": "people", "counted": "migrants"}]}
    answer = client.patch(
        "/events/pelosi-visits-taiwan-2022",
        json=patch,
        headers={**auth, "Content-Type": "application/merge-patch+json"},
    )
    assert answer.status_code == 422, answer.get_json()
    assert "/figures/0/value" in {e.get("pointer") for e in answer.get_json()["errors"]}
