"""Checking a dataset reports every problem with where it is, before anything is written."""

import copy

import pytest

from service.files.dataset import BUNDLED_DATASET, InvalidDataset, read_dataset, validate_dataset

GOOD = read_dataset(BUNDLED_DATASET)


def problems_in(dataset) -> list[str]:
    with pytest.raises(InvalidDataset) as error:
        validate_dataset(dataset)
    return error.value.problems


def test_bundled_dataset_is_valid():
    assert len(validate_dataset(GOOD)["events"]) == 18


def test_every_problem_is_reported_with_its_record():
    bad = copy.deepcopy(GOOD)
    bad["events"][0]["date"] = "2024-13"
    bad["events"][1]["actors"].append("nobody")
    bad["events"][2]["id"] = bad["events"][3]["id"]
    bad["events"][4]["evidence"][0]["end"] = 10**6
    bad["actors"][0]["kind"] = "alien"
    problems = problems_in(bad)
    assert any(p.startswith("events[0].date: '2024-13'") for p in problems)
    assert any("events[1]" in p and "unknown actor 'nobody'" in p for p in problems)
    assert any(p.startswith("events[3]: id") and "used twice" in p for p in problems)
    assert any("events[4]" in p and "beyond the source" in p for p in problems)
    assert any(p.startswith("actors[0].kind:") for p in problems)
    assert len(problems) == 5


def test_derived_fields_are_not_accepted_in_records():
    bad = copy.deepcopy(GOOD)
    bad["events"][0]["start"] = "1999-01-01"
    assert problems_in(bad) == ["events[0].start: Unknown field."]


def test_a_dataset_must_be_an_object_of_known_lists():
    assert problems_in([]) == ["the dataset must be a JSON object"]
    assert problems_in({"people": []}) == ["people: unknown list"]
