"""Events as an XLSX workbook, for people who open the timeline in a spreadsheet.

The columns and values are those of the CSV export (``csv_format.COLUMNS``), typed the way
a spreadsheet should read them, which CSV cannot say: every cell is text, so ``date`` stays
``2022`` or ``2024-02`` and a value starting with ``=`` is shown, never run, except ``start``
and ``end``, which are date cells a spreadsheet sorts and filters as dates. Days before
1 March 1900, which spreadsheets cannot hold as dates, stay ISO text; control characters,
which XML cannot hold, are left out. The CSV is the format ``timeline load`` reads back.

The same events give the same bytes: the zip entries and the workbook's creation and
modification times are one fixed time (1 January 1980), so a strong ETag names one body.
"""

import io
from collections.abc import Iterable
from datetime import date, datetime
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from service.formats.csv_format import COLUMNS, event_cells

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "events"
DATE_COLUMNS = ("start", "end")
DATE_FORMAT = "yyyy-mm-dd"
FIRST_SPREADSHEET_DAY = date(1900, 3, 1)
_FIXED_TIME = datetime(1980, 1, 1)
_ZIP_TIME = _FIXED_TIME.timetuple()[:6]


def events_xlsx(documents: Iterable[dict]) -> bytes:
    """A workbook of one sheet: a header of ``COLUMNS``, then one row per event."""
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
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.data_type = "s"  # text even when it starts with "=": shown, never run


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
