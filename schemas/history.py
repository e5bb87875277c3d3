import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import WholeNumber
from schemas.event import EventSchema

ACTIONS = ("create", "replace", "patch", "rename", "delete")


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


class HistorySchema(ma.Schema):
    items = fields.List(fields.Nested(ChangeSchema), required=True)
