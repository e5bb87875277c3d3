"""Dates in words: precision and qualifiers stay visible to a reader."""

import pytest

from service.core.dates import InvalidDate
from service.core.display_dates import human_date, machine_date


@pytest.mark.parametrize(
    ("edtf", "words"),
    [
        ("2022", "2022"),
        ("2024-02", "February 2024"),
        ("2024-04-06", "6 April 2024"),
        ("2024-03-25~", "about 25 March 2024"),
        ("2023-07~", "about July 2023"),
        ("2024?", "2024 (uncertain)"),
        ("2023-07%", "about July 2023 (uncertain)"),
        ("2022-10-01/2023-09-30", "1 October 2022 – 30 September 2023"),
        ("2024-04/2024-04-08", "April 2024 – 8 April 2024"),
        ("2020/2023~", "2020 – about 2023"),
        ("202X", "the 2020s"),
        ("19XX", "1900–1999"),
        ("2024-XX", "2024"),
        ("2024-02-XX", "February 2024"),
        (" 2024-02 ", "February 2024"),
    ],
)
def test_date_reads_as_a_person_would_write_it(edtf, words):
    assert human_date(edtf) == words


@pytest.mark.parametrize(
    ("edtf", "value"),
    [
        ("2022", "2022"),
        ("2024-02~", "2024-02"),
        ("2024-03-25~", "2024-03-25"),
        ("2022-10-01/2023-09-30", "2022-10-01"),
        ("2024-04/2024-04-08", "2024-04"),
    ],
)
def test_machine_date_is_the_first_day_to_its_precision(edtf, value):
    assert machine_date(edtf) == value


@pytest.mark.parametrize("edtf", ["someday", "2024-13", "2024/..", "2024-02-30"])
def test_dates_the_service_refuses_are_refused_here_too(edtf):
    with pytest.raises(InvalidDate):
        human_date(edtf)
