"""``/exports/*``: every matching event in a format other tools open.

TimelineJS for newsroom embeds, CSV for programs and ``timeline load``, XLSX for
spreadsheets, iCalendar for calendar applications. Each takes the filters and order of
``GET /events`` and holds every matching event, not one page. One route per export in
the registry (service/formats/registry.py), each with the operation id ``export…``.
"""

from datetime import date

from flask import Response
from flask.views import MethodView

from schemas.export import ExportQuerySchema
from service.api.event_query import event_filter, matching_documents
from service.api.openapi import ApiBlueprint
from service.core.kinds import SOURCES, TAGS
from service.files.db import get_db
from service.formats.registry import EXPORTS, ExportContext, Format
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


def export_route(export: Format) -> None:
    """``GET /exports/<file name>``: the matching events rendered as ``export``."""

    @blp.doc(operationId=export.operation_id, summary=export.summary)
    @blp.query_arguments(ExportQuerySchema)
    @blp.response(
        200,
        export.body,
        content_type=export.media_type,
        headers=_DOWNLOAD if export.download else None,
    )
    def get(self, query):
        body = export.render(matching_documents(query), _context(query))
        response = Response(body, mimetype=export.media_type)
        if export.download:
            disposition = f'attachment; filename="{export.download_name}"'
            response.headers["Content-Disposition"] = disposition
        return response

    blp.route(f"/{export.file_name}")(type(export.name, (MethodView,), {"get": get}))


for _export in EXPORTS:
    export_route(_export)


def _context(query: dict) -> ExportContext:
    return ExportContext(
        tag_labels=_tag_labels,
        cited_sources=_cited_sources,
        placeholder_day=lambda sources: _placeholder_day(query, sources),
        event_url=lambda event_id: absolute_url("events.EventById", event_id=event_id),
    )


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
    return {tag["id"]: tag[TAGS.label] for tag in list_counted(get_db(), TAGS.table)}


def _cited_sources() -> list[dict]:
    return [source for source in list_counted(get_db(), SOURCES.table) if source["event_count"]]
