import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import Representation, Slug, WholeNumber


class PlaceRecordSchema(ma.Schema):
    """Where events happen."""

    id = Slug(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(
        required=True,
        validate=validate.Length(min=1, max=50),
        metadata={"example": "city"},
    )
    country = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=100),
        metadata={"description": "The country it lies in, when it lies in one."},
    )


class PlaceSchema(PlaceRecordSchema, Representation):
    event_count = WholeNumber(dump_only=True, required=True)


class PlaceListSchema(ma.Schema):
    items = fields.List(fields.Nested(PlaceSchema), required=True)
