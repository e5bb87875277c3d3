"""``GET /`` and ``GET /timeline``: the timeline as a page people read, with a filter form.

The page is part of the contract like ``/docs``: its query is the exports' query, so its
URL can be shared and the same URL's query works on ``/exports/*`` and ``/histogram``.
Filters that do not validate re-render the page with what was wrong, as a 400.
"""

from datetime import date
from itertools import islice
from urllib.parse import urlencode

from flask import Response, render_template, request
from flask.views import MethodView
from werkzeug.exceptions import BadRequest

from schemas.page import TimelinePageQuerySchema
from service import errors
from service.api.event_query import event_filter, matching_documents, newest_first
from service.api.openapi import ApiBlueprint
from service.core.display_dates import human_date
from service.core.histogram import iter_period_counts
from service.core.kinds import LINKED_KINDS, SOURCES
from service.files.db import get_db
from service.formats.registry import EXPORTS
from service.store.events import EventFilter, iter_event_spans
from service.store.resources import list_counted
from service.web.timeline import (
    MAX_BARS,
    DensityChart,
    Labels,
    chart_interval,
    density_chart,
    group_by_year_and_month,
)

MAX_EVENTS_ON_PAGE = 500
FORM_FIELDS = (
    "from",
    "to",
    "q",
    *(kind.singular for kind in LINKED_KINDS),
    "relation",
    "fuzzy",
    "sort",
)

blp = ApiBlueprint(
    "pages", __name__, description="Pages for people: the timeline as HTML, no script needed."
)
_HTML = {"schema": {"type": "string"}, "content_type": "text/html"}
blp.add_app_template_filter(lambda day: human_date(str(day)), "human_date")


def page_operation(operation_id: str):
    """The contract of a timeline page: the exports' query in, HTML out (also for a 400)."""

    def decorate(view):
        for decorator in (
            blp.alt_response(
                400, description="The page, saying which filters were wrong.", **_HTML
            ),
            blp.response(200, **_HTML),
            blp.query_arguments(TimelinePageQuerySchema),
            blp.doc(operationId=operation_id),
        ):
            view = decorator(view)
        return view

    return decorate


@blp.route("/")
class TimelinePage(MethodView):
    @page_operation("getTimelinePage")
    def get(self, query):
        """The timeline as an HTML page: events by year and month, filters, density bars"""
        return timeline_page(query)


@blp.route("/timeline")
class TimelinePageAtTimeline(MethodView):
    @page_operation("getTimelinePageAtTimeline")
    def get(self, query):
        """The same timeline page, at /timeline"""
        return timeline_page(query)


def timeline_page(query: dict) -> Response:
    """The page for validated filters: the matching events, grouped, and their density."""
    db = get_db()
    where = event_filter(query)
    shown = list(islice(matching_documents(query), MAX_EVENTS_ON_PAGE + 1))
    spans = list(iter_event_spans(db, where))
    return _page(
        years=group_by_year_and_month(
            shown[:MAX_EVENTS_ON_PAGE], _labels(db), newest_first=newest_first(query)
        ),
        total=len(spans),
        truncated=len(shown) > MAX_EVENTS_ON_PAGE,
        chart=_chart(spans, where),
    )


@blp.errorhandler(BadRequest)
def bad_filters(error: BadRequest) -> Response:
    """Invalid filters: the page again, with the same words the API's problem would use."""
    problem, _ = errors.http_problem(error)
    return _page(problem=problem, years=[], total=0, truncated=False, chart=None, status=400)


def _page(*, status: int = 200, **context) -> Response:
    db = get_db()
    html = render_template(
        "timeline.html",
        form=_form_values(),
        query_string=_query_string(),
        kinds=LINKED_KINDS,
        options={kind.table: list_counted(db, kind.table) for kind in LINKED_KINDS},
        sources=[source for source in list_counted(db, SOURCES.table) if source["event_count"]],
        max_events=MAX_EVENTS_ON_PAGE,
        exports=EXPORTS,
        histogram_filters=_histogram_filters(),
        **context,
    )
    return Response(html, status=status, mimetype="text/html")


def _form_values() -> dict[str, str]:
    """What the form shows: the request's own values, valid or not, so they can be fixed."""
    return {name: request.args.get(name, "") for name in FORM_FIELDS}


def _query_string() -> str:
    """The request's non-empty filters, to carry over to export and histogram links."""
    pairs = [(k, v) for k, v in request.args.items(multi=True) if v != "" and k in FORM_FIELDS]
    return urlencode(pairs)


def _histogram_filters() -> dict[str, list[str]]:
    """The request's non-empty filters that ``/histogram`` takes (all but ``sort``)."""
    filters = {name: [v for v in request.args.getlist(name) if v] for name in FORM_FIELDS}
    return {name: values for name, values in filters.items() if values and name != "sort"}


def _chart(spans: list[tuple[date, date]], where: EventFilter) -> DensityChart | None:
    """Bars per month, or per year for long spans, inside the filter's dates; at most
    ``MAX_BARS`` of them, the chart saying where it stops when the events reach further."""
    if not spans:
        return None
    last_day = min(max(end for _, end in spans), where.last_day)
    interval = chart_interval(max(min(start for start, _ in spans), where.first_day), last_day)
    periods = iter_period_counts(
        spans, interval, first_day=where.first_day, last_day=where.last_day, empty_periods=True
    )
    return density_chart(list(islice(periods, MAX_BARS)), reaches=last_day)


def _labels(db) -> Labels:
    """For each linked kind documents list by id only: each item's label by id."""
    return {
        kind.table: {item["id"]: item[kind.label] for item in list_counted(db, kind.table)}
        for kind in LINKED_KINDS
        if not kind.named_in_documents
    }
