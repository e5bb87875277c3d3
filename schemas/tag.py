import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import Representation, Slug, WholeNumber


class TagRecordSchema(ma.Schema):
    """A topic label for events."""

    id = Slug(required=True)
    label = fields.String(required=True, validate=validate.Length(min=1, max=100))


class TagSchema(TagRecordSchema, Representation):
    event_count = WholeNumber(dump_only=True, required=True)


class TagListSchema(ma.Schema):
    items = fields.List(fields.Nested(TagSchema), required=True)
