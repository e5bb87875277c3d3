"""Events as CSV: a stable column order, every bad row named by line and column, and no cell
that a spreadsheet would run as a formula."""

import csv
import io
import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from service.core.kinds import KINDS
from service.files.dataset import (
    BUNDLED_DATASET,
    InvalidDataset,
    build_rows,
    read_dataset,
    validate_dataset,
)
from service.formats.csv_format import (
    COLUMNS,
    FORMULA_TRIGGERS,
    csv_row,
    neutralised,
    read_events_csv,
    restored,
    write_events_csv,
)
from tests.helpers import examples

DATASET = validate_dataset(read_dataset(BUNDLED_DATASET))
RESOURCES = {kind.table: DATASET[kind.table] for kind in KINDS}
DOCUMENTS = [json.loads(row["document"]) for row in build_rows(DATASET)[1]]


def csv_of(documents) -> str:
    out = io.StringIO()
    write_events_csv(documents, out)
    return out.getvalue()


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def problems_reading(text: str) -> list[str]:
    with pytest.raises(InvalidDataset) as error:
        read_events_csv(io.StringIO(text), RESOURCES)
    return error.value.problems


def with_cell(text: str, line: int, column: str, value: str) -> str:
    """``text`` with one cell changed; ``line`` counts the header as line 1."""
    rows = list(csv.reader(io.StringIO(text)))
    rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_columns_come_in_a_stable_documented_order():
    assert COLUMNS == (
        "id",
        "date",
        "start",
        "end",
        "precision",
        "title",
        "summary",
        "resolved_from",
        "actors",
        "places",
        "tags",
        "source",
        "figures",
        "evidence",
    )
    assert csv_of(DOCUMENTS).splitlines()[0] == ",".join(COLUMNS)


def test_lists_are_joined_ids_and_structured_cells_are_json():
    vienna = next(d for d in DOCUMENTS if d["id"] == "mayorkas-wang-vienna-meeting-2024")
    cells = dict(zip(COLUMNS, csv_row(vienna), strict=True))
    assert cells["actors"] == ";".join(actor["id"] for actor in vienna["actors"])
    assert cells["tags"] == "diplomacy;us-china-relations"
    assert (cells["start"], cells["end"], cells["precision"]) == (
        "2024-02-01",
        "2024-02-29",
        "month",
    )
    assert json.loads(cells["evidence"]) == vienna["evidence"]
    assert cells["figures"] == ""


def test_reading_what_was_written_gives_back_the_records():
    records = read_events_csv(io.StringIO(csv_of(DOCUMENTS)), RESOURCES)
    assert sorted(records, key=lambda r: r["id"]) == sorted(
        DATASET["events"], key=lambda r: r["id"]
    )


def test_every_bad_row_is_reported_with_its_line_and_column():
    text = csv_of(DOCUMENTS)
    text = with_cell(text, 2, "date", "2024-13")
    text = with_cell(text, 3, "actors", "nancy-pelosi;nobody")
    text = with_cell(text, 4, "figures", "[{oops")
    text = with_cell(text, 5, "start", "1999-01-01")
    text = with_cell(text, 6, "id", rows_of(text)[5]["id"])
    text = with_cell(text, 8, "title", "")
    problems = problems_reading(text)
    assert problems[0].startswith("line 2: date: '2024-13'")
    assert problems[1] == "line 3: actors: names unknown actor 'nobody'"
    assert problems[2].startswith("line 4: figures: not valid JSON")
    assert problems[3].startswith("line 5: start: '1999-01-01' disagrees with date")
    assert problems[4].startswith("line 7: id ") and problems[4].endswith("is used twice")
    assert problems[5].startswith("line 8: title: ")
    assert len(problems) == 6


def test_lines_count_the_lines_a_quoted_cell_spans():
    documents = [dict(DOCUMENTS[0], summary="First line.\nSecond line."), DOCUMENTS[1]]
    text = with_cell(csv_of(documents), 3, "source", "no-such-source")
    assert problems_reading(text) == ["line 4: source: names unknown source 'no-such-source'"]


def test_derived_columns_may_be_blank_or_absent():
    text = csv_of(DOCUMENTS[:2])
    blank = with_cell(with_cell(text, 2, "start", ""), 2, "precision", "")
    assert len(read_events_csv(io.StringIO(blank), RESOURCES)) == 2
    minimal = "id,date,title,summary,source\r\nan-event,2024-02,A title,A summary.,{}\r\n".format(
        RESOURCES["sources"][0]["id"]
    )
    (record,) = read_events_csv(io.StringIO(minimal), RESOURCES)
    assert record["actors"] == [] and record["figures"] == [] and record["resolved_from"] is None


def test_header_must_name_known_columns_and_the_required_ones():
    assert problems_reading("id,date,title,colour\r\n") == [
        "line 1: unknown column 'colour'",
        "line 1: missing column 'summary'",
        "line 1: missing column 'source'",
    ]
    assert problems_reading("") == ["line 1: the file is empty; the first line names the columns"]


def test_a_row_with_the_wrong_number_of_cells_is_named():
    text = csv_of(DOCUMENTS[:2]) + "just,three,cells\r\n"
    assert problems_reading(text) == [f"line 4: has 3 cells; the header has {len(COLUMNS)}"]


# Formula neutralising (OWASP): a spreadsheet never runs a cell of ours


def cells_of(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize("trigger", [*FORMULA_TRIGGERS, "'"])
def test_a_cell_starting_with_a_formula_trigger_or_a_quote_gets_a_quote_in_front(trigger):
    value = f'{trigger}HYPERLINK("http://example.invalid")'
    (row,) = rows_of(csv_of([dict(DOCUMENTS[0], title=value, summary=value)]))
    assert row["title"] == row["summary"] == f"'{value}"


def test_no_cell_of_an_export_starts_with_a_formula_trigger():
    hostile = [
        dict(document, title=f"{trigger}cmd|' /C calc'!A0", resolved_from=f"{trigger}1+1")
        for document, trigger in zip(DOCUMENTS, FORMULA_TRIGGERS * 3, strict=False)
    ]
    cells = cells_of(csv_of(hostile))
    assert not [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
    assert sum(cell.startswith("'") for cell in cells) == 2 * len(hostile)


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1+1", "'=1+1"), ("'tis", "''tis"), ("''", "'''"), ("'", "''"), ("plain", "plain")],
)
def test_neutralising_is_undone_exactly_on_reading(value, cell):
    assert neutralised(value) == cell
    assert restored(cell) == value


@pytest.mark.parametrize("cell", ["'tis", "'", "'plain text"])
def test_a_quote_that_neutralising_would_not_have_written_is_kept(cell):
    assert restored(cell) == cell


FIELD_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from([*FORMULA_TRIGGERS, "'", '"', ",", ";", "\n", " "]),
        st.characters(blacklist_categories=("Cs", "Cc")),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=examples(150), deadline=None)
@given(title=FIELD_TEXT, summary=FIELD_TEXT, resolved_from=FIELD_TEXT)
def test_export_load_export_is_the_same_bytes_whatever_the_text(title, summary, resolved_from):
    assume(title.strip() and summary.strip())
    documents = [dict(DOCUMENTS[0], title=title, summary=summary, resolved_from=resolved_from)]
    exported = csv_of(documents)
    (record,) = read_events_csv(io.StringIO(exported), RESOURCES)
    assert (record["title"], record["summary"], record["resolved_from"]) == (
        title,
        summary,
        resolved_from,
    )
    reloaded = validate_dataset({**RESOURCES, "events": [record]})
    documents_again = [json.loads(row["document"]) for row in build_rows(reloaded)[1]]
    assert csv_of(documents_again) == exported
