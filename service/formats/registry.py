"""Every format the service writes, registered once.

Each ``Format`` gives its file name (and so its suffix), its media type, whether gzip is
worth it, and, for an export of events, its renderer. The routes (service/api/exports.py
makes one per export; the Atom feed's sits with the change feed), the page's download
links, the media types compression accepts (service/http/compression.py), the contract and
the export tests all read this table, so a new format is one entry here.
"""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import orjson

from schemas.export import TimelineJsSchema
from service.formats.atom_format import ATOM_XML
from service.formats.csv_format import write_events_csv
from service.formats.ics_format import events_calendar
from service.formats.timelinejs_format import timelinejs_document
from service.formats.xlsx_format import XLSX_MEDIA_TYPE, events_xlsx


@dataclass(frozen=True)
class ExportContext:
    """What a renderer may need beside the events, each read only when a renderer asks."""

    tag_labels: Callable[[], dict[str, str]]
    cited_sources: Callable[[], list[dict]]
    placeholder_day: Callable[[list[dict]], date]
    event_url: Callable[[str], str]


Renderer = Callable[[Iterable[dict], ExportContext], bytes | str]


@dataclass(frozen=True)
class Format:
    """One format: ``name`` is its view's name, ``export`` + name its operation id."""

    name: str
    file_name: str
    media_type: str
    compressible: bool
    # An export of events also has a link on the page, a contract and a renderer.
    link_text: str = ""
    summary: str = ""
    body: dict | type | None = None
    render: Renderer | None = None
    download: bool = True

    @property
    def suffix(self) -> str:
        return "." + self.file_name.rpartition(".")[2]

    @property
    def operation_id(self) -> str:
        return f"export{self.name}"

    @property
    def download_name(self) -> str:
        """The file name a browser saves it as."""
        return f"timeline-{self.file_name}"


def _csv(documents: Iterable[dict], context: ExportContext) -> str:
    out = io.StringIO()
    write_events_csv(documents, out)
    return out.getvalue()


def _xlsx(documents: Iterable[dict], context: ExportContext) -> bytes:
    return events_xlsx(documents)


def _ics(documents: Iterable[dict], context: ExportContext) -> bytes:
    return events_calendar(
        documents,
        sources={source["id"]: source for source in context.cited_sources()},
        tag_labels=context.tag_labels(),
        event_url=context.event_url,
    )


def _timelinejs(documents: Iterable[dict], context: ExportContext) -> bytes:
    sources = context.cited_sources()
    document = timelinejs_document(
        documents,
        tag_labels=context.tag_labels(),
        sources=sources,
        placeholder_day=context.placeholder_day(sources),
    )
    return orjson.dumps(document)


CSV = Format(
    "EventsCsv",
    "events.csv",
    "text/csv",
    compressible=True,
    link_text="CSV",
    summary="Matching events as CSV, one row per event, in a fixed column order",
    body={"type": "string", "description": "CSV with a header row; `timeline load` reads it."},
    render=_csv,
)
XLSX = Format(
    "EventsXlsx",
    "events.xlsx",
    XLSX_MEDIA_TYPE,
    compressible=False,  # a zip archive already
    link_text="Spreadsheet (XLSX)",
    summary="Matching events as an XLSX workbook, one row per event, typed for spreadsheets",
    body={
        "type": "string",
        "format": "binary",
        "contentMediaType": XLSX_MEDIA_TYPE,
        "description": "A workbook of the CSV's columns for spreadsheets: every cell text "
        "except start and end, which are date cells.",
    },
    render=_xlsx,
)
ICS = Format(
    "EventsIcs",
    "events.ics",
    "text/calendar",
    compressible=True,
    link_text="iCalendar",
    summary="Matching events as an iCalendar file of all-day events",
    body={"type": "string", "description": "iCalendar (RFC 5545), one all-day event per event."},
    render=_ics,
)
TIMELINEJS = Format(
    "TimelineJs",
    "timelinejs.json",
    "application/json",
    compressible=True,
    link_text="TimelineJS",
    summary="Matching events as Knight Lab TimelineJS 3 JSON",
    body=TimelineJsSchema,
    render=_timelinejs,
    download=False,  # TimelineJS reads it from its URL
)
# The change feed for feed readers; its route is the change feed's (service/api/changes.py).
ATOM = Format("ChangesAtom", "changes.atom", ATOM_XML, compressible=True, download=False)

# The exports of matching events, in the order the page links them.
EXPORTS = (CSV, XLSX, ICS, TIMELINEJS)
FORMATS = (*EXPORTS, ATOM)
