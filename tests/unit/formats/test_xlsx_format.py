"""The XLSX export's cells: what a spreadsheet cannot hold as a date or in XML stays readable."""

import io
import json

import openpyxl
import pytest

from schemas.event import MAX_EVIDENCE, MAX_FIGURES, MAX_LINKED, EventRecordSchema
from service.core.kinds import NAMED_KINDS
from service.files.dataset import BUNDLED_DATASET, build_rows, read_dataset, validate_dataset
from service.formats.csv_format import COLUMNS, event_cells
from service.formats.xlsx_format import MAX_CELL_CHARACTERS, cell_length, events_xlsx
from service.store.documents import event_row

DATASET = validate_dataset(read_dataset(BUNDLED_DATASET))
DOCUMENT = json.loads(build_rows(DATASET)[1][0]["document"])


def cells_of(document: dict) -> dict:
    sheet = openpyxl.load_workbook(io.BytesIO(events_xlsx([document]))).active
    return dict(zip(COLUMNS, next(sheet.iter_rows(min_row=2)), strict=True))


def test_days_before_spreadsheets_begin_stay_iso_text():
    cells = cells_of(dict(DOCUMENT, date="1899", start="1899-01-01", end="1899-12-31"))
    assert (cells["start"].value, cells["start"].data_type) == ("1899-01-01", "s")
    assert (cells["end"].value, cells["end"].data_type) == ("1899-12-31", "s")


def test_characters_xml_cannot_hold_show_as_replacement_characters():
    cells = cells_of(dict(DOCUMENT, title="bell\x07 and\ufffe not\uffff", summary="tab\tkept"))
    assert cells["title"].value == "bell\ufffd and\ufffd not\ufffd"
    assert cells["summary"].value == "tab\tkept"


# The character that takes the most room where it lands: in a JSON cell a control character
# is written \u0001 (6 characters); in a text cell one above U+FFFF counts 2 (UTF-16).
JSON_WORST, TEXT_WORST = "\x01", "\U0001f600"


def longest_event() -> dict:
    """The event the schema admits whose XLSX cells are longest: every list at its most
    items, every text at its most characters, each of the costliest kind."""
    linked = [f"{i:03d}{'a' * 97}" for i in range(MAX_LINKED)]
    figure = {
        "value": -1.2345678901234567e-300,
        "unit": JSON_WORST * 50,
        "counted": JSON_WORST * 300,
        "qualifier": "more_than",
    }
    evidence = {"start": 2**31 - 2, "end": 2**31 - 1, "sha256": "f" * 64}
    record = EventRecordSchema().load(
        {
            "id": "e" * 100,
            "title": TEXT_WORST * 200,
            "summary": TEXT_WORST * 2000,
            "date": "2022-10-01/2023-09-30",
            "resolved_from": TEXT_WORST * 1000,
            "actors": linked,
            "places": linked,
            "tags": linked,
            "figures": [figure] * MAX_FIGURES,
            "source": "s" * 100,
            "evidence": [evidence] * MAX_EVIDENCE,
        }
    )
    names = {kind.table: {i: "A name" for i in linked} for kind in NAMED_KINDS}
    return json.loads(event_row(record, names)["document"])


def test_no_cell_of_an_event_the_schema_admits_is_over_a_spreadsheet_cells_limit():
    document = longest_event()
    lengths = {
        name: cell_length(value) for name, value in zip(COLUMNS, event_cells(document), strict=True)
    }
    assert max(lengths.values()) <= MAX_CELL_CHARACTERS, lengths
    cells = cells_of(document)
    assert json.loads(cells["figures"].value) == document["figures"]  # whole, not cut
    assert cells["tags"].value.split(";") == document["tags"]


def test_a_value_over_a_cells_limit_is_refused_never_cut():
    with pytest.raises(ValueError, match="summary"):
        events_xlsx([dict(DOCUMENT, summary="x" * (MAX_CELL_CHARACTERS + 1))])
