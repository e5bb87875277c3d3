"""The XLSX export's cells: what a spreadsheet cannot hold as a date or in XML stays readable."""

import io
import json

import openpyxl

from service.files.dataset import BUNDLED_DATASET, build_rows, read_dataset, validate_dataset
from service.formats.csv_format import COLUMNS
from service.formats.xlsx_format import events_xlsx

DATASET = validate_dataset(read_dataset(BUNDLED_DATASET))
DOCUMENT = json.loads(build_rows(DATASET)[1][0]["document"])


def cells_of(document: dict) -> dict:
    sheet = openpyxl.load_workbook(io.BytesIO(events_xlsx([document]))).active
    return dict(zip(COLUMNS, next(sheet.iter_rows(min_row=2)), strict=True))


def test_days_before_spreadsheets_begin_stay_iso_text():
    cells = cells_of(dict(DOCUMENT, date="1899", start="1899-01-01", end="1899-12-31"))
    assert (cells["start"].value, cells["start"].data_type) == ("1899-01-01", "s")
    assert (cells["end"].value, cells["end"].data_type) == ("1899-12-31", "s")


def test_control_characters_xml_cannot_hold_are_left_out():
    cells = cells_of(dict(DOCUMENT, title="bell\x07 and\x1b escape", summary="tab\tkept"))
    assert cells["title"].value == "bell and escape"
    assert cells["summary"].value == "tab\tkept"
