"""Events as an XLSX workbook, for people who open the timeline in a spreadsheet.

The columns and values are those of the CSV export (``csv_format.COLUMNS``), typed the way
a spreadsheet should read them, which CSV cannot say: every cell is text, so ``date`` stays
``2022`` or ``2024-02`` and a value starting with ``=`` is shown, never run, except ``start``
and ``end``, which are date cells a spreadsheet sorts and filters as dates. Days before
1 March 1900, which spreadsheets cannot hold as dates, stay ISO text; characters XML 1.0
cannot hold (control characters, U+FFFE, U+FFFF, lone surrogates) are replaced by U+FFFD
(``core.xml_text``). The CSV is the format ``timeline load`` reads back.

A cell holds at most 32,767 characters (Excel's limit; openpyxl cuts longer text silently,
which would leave a JSON cell broken). The event schema bounds every field and every list so
that no event's cell can reach it (tests/unit/formats/test_xlsx_format.py builds the longest event
the schema admits); should a longer value reach the writer anyway, it refuses rather than cut.

The same events give the same bytes: the zip entries and the workbook's creation and
modification times are one fixed time (1 January 1980), so a strong ETag names one body.
"""

import io
from collections.abc import Iterable
from datetime import date, datetime
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from service.core.xml_text import xml_text
from service.formats.csv_format import COLUMNS, event_cells

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "events"
DATE_COLUMNS = ("start", "end")
DATE_FORMAT = "yyyy-mm-dd"
FIRST_SPREADSHEET_DAY = date(1900, 3, 1)
# Excel's limit, in UTF-16 code units (what Excel counts; a character above U+FFFF takes two).
MAX_CELL_CHARACTERS = 32_767
_FIXED_TIME = datetime(1980, 1, 1)
_ZIP_TIME = _FIXED_TIME.timetuple()[:6]


def events_xlsx(documents: Iterable[dict]) -> bytes:
    """A workbook of one sheet: a header of ``COLUMNS``, then one row per event.

    openpyxl is imported here, on the first export: it adds 13 MB and 0.2 s to a worker's
    start, and most workers never write a workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.properties.created = workbook.properties.modified = _FIXED_TIME
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for document in documents:
        _append_row(sheet, event_cells(document))
    out = io.BytesIO()
    with _ReproducibleZip(out, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return out.getvalue()


def _append_row(sheet, values: list[str]) -> None:
    row = sheet.max_row + 1
    for column, (name, value) in enumerate(zip(COLUMNS, values, strict=True), start=1):
        if not value:
            continue  # an empty cell, as in the CSV
        cell = sheet.cell(row=row, column=column)
        day = date.fromisoformat(value) if name in DATE_COLUMNS else None
        if day is not None and day >= FIRST_SPREADSHEET_DAY:
            cell.value = day
            cell.number_format = DATE_FORMAT
        else:
            cell.value = _cell_text(name, value)
            cell.data_type = "s"  # text even when it starts with "=": shown, never run


def _cell_text(column: str, value: str) -> str:
    text = xml_text(value)
    if cell_length(text) > MAX_CELL_CHARACTERS:
        raise ValueError(f"{column}: {cell_length(text)} characters, over a cell's limit")
    return text


def cell_length(text: str) -> int:
    """The length of ``text`` as a spreadsheet counts it: in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class _ReproducibleZip(ZipFile):
    """A zip whose entries all carry one fixed time, so equal workbooks are equal bytes."""

    def write(self, filename, arcname=None, *args, **kwargs):
        with open(filename, "rb") as file:
            self.writestr(arcname or filename, file.read())

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if not isinstance(zinfo_or_arcname, ZipInfo):
            zinfo_or_arcname = ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            zinfo_or_arcname.compress_type = ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)
