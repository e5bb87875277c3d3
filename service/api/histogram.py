"""``/histogram``: how many events fall in each year or month, under the timeline's filters.

It is not under ``/events`` so that it can never shadow an event whose id is "histogram".
"""

from flask.views import MethodView
from flask_smorest import abort

from schemas.export import HistogramQuerySchema, HistogramSchema
from service.api.event_query import event_filter
from service.api.openapi import ApiBlueprint
from service.core.histogram import TooManyPeriods, count_by_period
from service.files.db import get_db
from service.store.events import iter_event_spans

blp = ApiBlueprint(
    "histogram", __name__, description="Event counts over time, for drawing density bars."
)


@blp.route("/histogram")
class Histogram(MethodView):
    @blp.doc(operationId="getHistogram")
    @blp.query_arguments(HistogramQuerySchema)
    @blp.response(200, HistogramSchema)
    def get(self, query):
        """Count matching events per year or month; an event counts in every period it overlaps"""
        where = event_filter(query)
        spans = list(iter_event_spans(get_db(), where))
        try:
            items = count_by_period(
                spans, query["interval"], first_day=where.first_day, last_day=where.last_day
            )
        except TooManyPeriods as error:
            abort(400, messages={"query": {"interval": [str(error)]}})
        return {"interval": query["interval"], "total": len(spans), "items": items}
