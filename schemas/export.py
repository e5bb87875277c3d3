"""Exports and counts over time: their query arguments and the JSON they return."""

import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import IsoDate, WholeNumber
from schemas.event import EventQuerySchema
from service.core.histogram import INTERVALS


class ExportQuerySchema(EventQuerySchema):
    """The filters and order of ``GET /events``; an export holds every matching event."""

    class Meta:
        exclude = ("limit", "cursor")


class HistogramQuerySchema(EventQuerySchema):
    """The filters of ``GET /events``, and the length of the periods to count in."""

    class Meta:
        exclude = ("sort", "limit", "cursor")

    interval = fields.String(
        load_default="year",
        validate=validate.OneOf(INTERVALS),
        metadata={"description": "Count per calendar year or per calendar month."},
    )


class PeriodCountSchema(ma.Schema):
    period = fields.String(
        required=True, metadata={"description": "YYYY or YYYY-MM.", "example": "2024-02"}
    )
    start = IsoDate(required=True, metadata={"description": "First day of the period."})
    end = IsoDate(required=True, metadata={"description": "Last day of the period."})
    count = WholeNumber(
        required=True, metadata={"description": "Matching events whose days meet the period."}
    )


class HistogramSchema(ma.Schema):
    interval = fields.String(required=True, validate=validate.OneOf(INTERVALS))
    total = WholeNumber(required=True, metadata={"description": "Matching events."})
    items = fields.List(
        fields.Nested(PeriodCountSchema),
        required=True,
        metadata={
            "description": "Every period that holds a matching event (inside from/to when "
            "given), oldest first; periods without events are left out. An event is counted "
            "in each period it overlaps."
        },
    )


class TimelineJsDateSchema(ma.Schema):
    """A TimelineJS date: always a whole day, so TimelineJS draws an event over its days."""

    year = WholeNumber(required=True, metadata={"example": 2024})
    month = WholeNumber(
        required=True, validate=validate.Range(min=1, max=12), metadata={"example": 2}
    )
    day = WholeNumber(
        required=True, validate=validate.Range(min=1, max=31), metadata={"example": 29}
    )


class TimelineJsTextSchema(ma.Schema):
    headline = fields.String(required=True, metadata={"description": "HTML, escaped."})
    text = fields.String(required=True, metadata={"description": "HTML, escaped."})


class TimelineJsTitleSchema(ma.Schema):
    text = fields.Nested(TimelineJsTextSchema, required=True)


class TimelineJsSlideSchema(ma.Schema):
    unique_id = fields.String(
        required=True,
        metadata={
            "description": "The event's id, or no-matching-events on the one placeholder "
            "slide of an export that matches no event (TimelineJS shows nothing without one)."
        },
    )
    start_date = fields.Nested(
        TimelineJsDateSchema, required=True, metadata={"description": "The first day."}
    )
    end_date = fields.Nested(
        TimelineJsDateSchema,
        metadata={"description": "The last day, when the event covers more than one."},
    )
    display_date = fields.String(
        required=True,
        metadata={
            "description": "The date in words, to its precision. TimelineJS strips markup "
            "from it and then inserts it as HTML, so it is escaped twice.",
            "example": "about 25 March 2024",
        },
    )
    text = fields.Nested(TimelineJsTextSchema, required=True)
    group = fields.String(
        metadata={"description": "Label of the event's first tag, escaped twice like display_date."}
    )


class TimelineJsSchema(ma.Schema):
    """Knight Lab TimelineJS 3 JSON: give its URL to TimelineJS as the timeline's source."""

    title = fields.Nested(TimelineJsTitleSchema, required=True)
    events = fields.List(fields.Nested(TimelineJsSlideSchema), required=True)
    scale = fields.String(required=True, validate=validate.OneOf(("human",)))
