"""An item's history: every recorded change, newest first, a page at a time."""

import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import WholeNumber
from schemas.event import EventSchema

ACTIONS = ("create", "replace", "patch", "rename", "delete")
# A change carries the event twice (before and after), each up to tens of KB, so a page of
# history is kept to a few MB at most.
MAX_HISTORY_PAGE = 20


class ChangeSchema(ma.Schema):
    """One recorded change: who (the token's name), when, what, and the before and after."""

    id = WholeNumber(required=True, metadata={"description": "Order of changes."})
    at = fields.String(
        required=True, metadata={"format": "date-time", "example": "2024-04-08T16:41:00.000Z"}
    )
    author = fields.String(required=True, metadata={"description": "Name of the token used."})
    action = fields.String(
        required=True,
        validate=validate.OneOf(ACTIONS),
        metadata={"description": "rename: an actor or place the event names was renamed."},
    )
    before = fields.Nested(EventSchema, required=True, allow_none=True)
    after = fields.Nested(EventSchema, required=True, allow_none=True)


class HistoryQuerySchema(ma.Schema):
    """The page of an event's history: how many changes, and from where."""

    limit = WholeNumber(
        load_default=10,
        validate=validate.Range(min=1, max=MAX_HISTORY_PAGE),
        metadata={"description": "Changes per page (each holds the event before and after)."},
    )
    cursor = fields.String(
        validate=validate.Length(max=500),
        metadata={"description": "Opaque position from a previous page's next link."},
    )


class HistorySchema(ma.Schema):
    items = fields.List(
        fields.Nested(ChangeSchema),
        required=True,
        metadata={"description": "Changes, newest first."},
    )
    next = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "URL of the page of older changes, or null on the last page."},
    )
