"""Events as CSV, one row per event, for spreadsheets, and back.

Columns come in a fixed order (``COLUMNS``). Actors, places and tags are ids joined by
``;``; figures and evidence are JSON in their cell; an empty cell is an empty list, or no
``resolved_from``. ``start``, ``end`` and ``precision`` are derived from ``date`` and written
for readers to sort and filter by; on reading, a blank one is recomputed and a filled one
must agree with ``date``, so an edited date cannot silently disagree with its bounds.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, so, as OWASP recommends, such a cell is written with ``'`` in front
(``'=1+1``), and so is a cell that already starts with ``'``. Reading takes one ``'`` off a cell
exactly when putting it back gives the cell again, so ``export → load → export`` is the same
bytes whatever the values are.

Reading checks every row with the dataset's own rules (``service.files.dataset``) against the
sources, actors, places and tags already stored, and names each problem by line and column.
"""

import csv
import json
import re
from collections.abc import Iterable
from typing import TextIO

from service.core.dates import InvalidDate, parse_event_date
from service.core.kinds import LINKED_KINDS, Kind
from service.core.strict_json import InvalidJSON, parse_json
from service.files.dataset import InvalidDataset, locate_in_dataset, validate_dataset

_ID_LISTS = tuple(kind.table for kind in LINKED_KINDS)
COLUMNS = (
    "id",
    "date",
    "start",
    "end",
    "precision",
    "title",
    "summary",
    "resolved_from",
    *_ID_LISTS,
    "source",
    "figures",
    "evidence",
)
REQUIRED_COLUMNS = ("id", "date", "title", "summary", "source")
_JSON_LISTS = ("figures", "evidence")
_DERIVED = ("start", "end", "precision")
_HEADER_LINE = 1
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISING_QUOTE = "'"


def write_events_csv(documents: Iterable[dict], out: TextIO) -> None:
    """Write events, given as API documents, as CSV rows under a header of ``COLUMNS``."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(csv_row(document) for document in documents)


def csv_row(document: dict) -> list[str]:
    """One event's cells, in ``COLUMNS`` order, neutralised for spreadsheets."""
    return [neutralised(cell) for cell in event_cells(document)]


def event_cells(document: dict) -> list[str]:
    """One event's values as text, in ``COLUMNS`` order (the XLSX export shares them)."""
    cells = {
        **{column: document[column] for column in ("id", "date", *_DERIVED, "title", "summary")},
        "resolved_from": document["resolved_from"] or "",
        **{kind.table: _join_ids(_linked_ids(document, kind)) for kind in LINKED_KINDS},
        "source": document["source"],
        "figures": _json_cell(document["figures"]),
        "evidence": _json_cell(document["evidence"]),
    }
    return [cells[column] for column in COLUMNS]


def neutralised(cell: str) -> str:
    """``cell`` as a spreadsheet shows it without running it: a formula trigger or a leading
    ``'`` gets a ``'`` in front."""
    if cell.startswith((*FORMULA_TRIGGERS, NEUTRALISING_QUOTE)):
        return NEUTRALISING_QUOTE + cell
    return cell


def restored(cell: str) -> str:
    """The value that ``neutralised`` wrote as ``cell``; any other cell is its own value."""
    if cell.startswith(NEUTRALISING_QUOTE) and neutralised(cell[1:]) == cell:
        return cell[1:]
    return cell


def read_events_csv(stream: TextIO, resources: dict[str, list[dict]]) -> list[dict]:
    """The events of a CSV file as clean dataset records, checked against ``resources``.

    Raises ``InvalidDataset`` listing every problem as ``line N: column: reason``.
    """
    reader = csv.reader(stream)
    header = next(reader, None)
    problems = _header_problems(header)
    if problems:
        raise InvalidDataset(problems)
    records, lines, derived = [], [], []
    line = _HEADER_LINE + 1
    for cells in reader:
        if len(cells) != len(header):
            problems.append(f"line {line}: has {len(cells)} cells; the header has {len(header)}")
        else:
            record, record_derived, cell_problems = _record_of(
                dict(zip(header, map(restored, cells), strict=True)), line
            )
            problems.extend(cell_problems)
            records.append(record)
            lines.append(line)
            derived.append(record_derived)
        line = reader.line_num + 1
    clean = None
    try:
        clean = validate_dataset({**resources, "events": records}, locate=_locate_by_line(lines))
    except InvalidDataset as error:
        problems.extend(error.problems)
    for record, record_derived, record_line in zip(records, derived, lines, strict=True):
        problems.extend(_derived_problems(record, record_derived, record_line))
    if problems:
        raise InvalidDataset(sorted(problems, key=_line_of))
    return clean["events"]


def _header_problems(header: list[str] | None) -> list[str]:
    if not header:
        return [f"line {_HEADER_LINE}: the file is empty; the first line names the columns"]
    where = f"line {_HEADER_LINE}"
    problems = [f"{where}: unknown column {name!r}" for name in header if name not in COLUMNS]
    problems += [
        f"{where}: column {name!r} appears twice"
        for name in sorted(set(header))
        if header.count(name) > 1
    ]
    problems += [
        f"{where}: missing column {name!r}" for name in REQUIRED_COLUMNS if name not in header
    ]
    return problems


def _record_of(cells: dict[str, str], line: int) -> tuple[dict, dict[str, str], list[str]]:
    """A dataset record from a row's cells, the derived cells it carried, and cell problems."""
    record: dict = {column: value for column, value in cells.items() if column in REQUIRED_COLUMNS}
    if "resolved_from" in cells:
        record["resolved_from"] = cells["resolved_from"] or None
    for column in _ID_LISTS:
        if column in cells:
            record[column] = [part.strip() for part in cells[column].split(";") if part.strip()]
    problems = []
    for column in _JSON_LISTS:
        text = cells.get(column, "")
        try:
            record[column] = parse_json(text) if text.strip() else []
        except InvalidJSON as error:
            problems.append(f"line {line}: {column}: not valid JSON ({error.msg})")
    derived = {column: cells[column] for column in _DERIVED if cells.get(column)}
    return record, derived, problems


def _derived_problems(record: dict, derived: dict[str, str], line: int) -> list[str]:
    if not derived:
        return []
    try:
        span = parse_event_date(record["date"])
    except (InvalidDate, KeyError):
        return []  # the date itself is already reported
    expected = {"start": span.start.isoformat(), "end": span.end.isoformat()}
    expected["precision"] = span.precision
    return [
        f"line {line}: {column}: {value!r} disagrees with date {record['date']!r}, which gives "
        f"{expected[column]!r}; correct it or leave it blank"
        for column, value in derived.items()
        if value != expected[column]
    ]


def _locate_by_line(lines: list[int]):
    def locate(kind: str, index: int, field: str | None = None) -> str:
        if kind != "events":
            return f"stored {locate_in_dataset(kind, index, field)}"
        return f"line {lines[index]}" + (f": {field}" if field else "")

    return locate


def _line_of(problem: str) -> int:
    found = re.match(r"line (\d+)", problem)
    return int(found.group(1)) if found else 0


def _linked_ids(document: dict, kind: Kind) -> list[str]:
    """The ids of ``kind`` a document lists: plain ids, or ``{id, name}`` where it names them."""
    refs = document[kind.table]
    return [ref["id"] for ref in refs] if kind.named_in_documents else refs


def _join_ids(ids: Iterable[str]) -> str:
    return ";".join(ids)


def _json_cell(items: list) -> str:
    return json.dumps(items, ensure_ascii=False, separators=(",", ":")) if items else ""
