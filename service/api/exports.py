"""``/exports/*``: every matching event in a format other tools open.

TimelineJS for newsroom embeds, CSV for programs and ``timeline load``, XLSX for
spreadsheets, iCalendar for calendar applications. Each takes the filters and order of
``GET /events`` and holds every matching event, not one page.
"""

import io
from datetime import date

import orjson
from flask import Response
from flask.views import MethodView

from schemas.export import ExportQuerySchema, TimelineJsSchema
from service.api.event_query import event_filter, matching_documents
from service.api.openapi import ApiBlueprint
from service.files.db import get_db
from service.formats.csv_format import write_events_csv
from service.formats.ics_format import events_calendar
from service.formats.timelinejs_format import timelinejs_document
from service.formats.xlsx_format import XLSX_MEDIA_TYPE, events_xlsx
from service.http.links import absolute_url
from service.store.resources import list_counted

blp = ApiBlueprint(
    "exports",
    __name__,
    url_prefix="/exports",
    description="The timeline for other tools: TimelineJS, CSV, XLSX and iCalendar.",
)

_DOWNLOAD = {
    "Content-Disposition": {
        "description": "attachment, with a file name.",
        "schema": {"type": "string"},
    }
}


@blp.route("/timelinejs.json")
class TimelineJs(MethodView):
    @blp.doc(operationId="exportTimelineJs")
    @blp.query_arguments(ExportQuerySchema)
    @blp.response(200, TimelineJsSchema)
    def get(self, query):
        """Matching events as Knight Lab TimelineJS 3 JSON"""
        sources = _cited_sources()
        document = timelinejs_document(
            matching_documents(query),
            tag_labels=_tag_labels(),
            sources=sources,
            placeholder_day=_placeholder_day(query, sources),
        )
        return Response(orjson.dumps(document), mimetype="application/json")


@blp.route("/events.csv")
class EventsCsv(MethodView):
    @blp.doc(operationId="exportEventsCsv")
    @blp.query_arguments(ExportQuerySchema)
    @blp.response(
        200,
        {"type": "string", "description": "CSV with a header row; `timeline load` reads it."},
        content_type="text/csv",
        headers=_DOWNLOAD,
    )
    def get(self, query):
        """Matching events as CSV, one row per event, in a fixed column order"""
        out = io.StringIO()
        write_events_csv(matching_documents(query), out)
        return _download(out.getvalue(), "text/csv", "timeline-events.csv")


@blp.route("/events.xlsx")
class EventsXlsx(MethodView):
    @blp.doc(operationId="exportEventsXlsx")
    @blp.query_arguments(ExportQuerySchema)
    @blp.response(
        200,
        {
            "type": "string",
            "format": "binary",
            "contentMediaType": XLSX_MEDIA_TYPE,
            "description": "A workbook of the CSV's columns for spreadsheets: every cell text "
            "except start and end, which are date cells.",
        },
        content_type=XLSX_MEDIA_TYPE,
        headers=_DOWNLOAD,
    )
    def get(self, query):
        """Matching events as an XLSX workbook, one row per event, typed for spreadsheets"""
        workbook = events_xlsx(matching_documents(query))
        return _download(workbook, XLSX_MEDIA_TYPE, "timeline-events.xlsx")


@blp.route("/events.ics")
class EventsIcs(MethodView):
    @blp.doc(operationId="exportEventsIcs")
    @blp.query_arguments(ExportQuerySchema)
    @blp.response(
        200,
        {"type": "string", "description": "iCalendar (RFC 5545), one all-day event per event."},
        content_type="text/calendar",
        headers=_DOWNLOAD,
    )
    def get(self, query):
        """Matching events as an iCalendar file of all-day events"""
        calendar = events_calendar(
            matching_documents(query),
            sources={source["id"]: source for source in _cited_sources()},
            tag_labels=_tag_labels(),
            event_url=lambda event_id: absolute_url("events.EventById", event_id=event_id),
        )
        return _download(calendar, "text/calendar", "timeline-events.ics")


def _placeholder_day(query: dict, sources: list[dict]) -> date:
    """Where an export without events puts its placeholder: the start of the window asked
    for, else its end, else the newest source's publication day (the epoch if none)."""
    window = event_filter(query)
    if "from_" in query:
        return window.first_day
    if "to" in query:
        return window.last_day
    published = [date.fromisoformat(str(source["published"])) for source in sources]
    return max(published, default=date(1970, 1, 1))


def _tag_labels() -> dict[str, str]:
    return {tag["id"]: tag["label"] for tag in list_counted(get_db(), "tags")}


def _cited_sources() -> list[dict]:
    return [source for source in list_counted(get_db(), "sources") if source["event_count"]]


def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
