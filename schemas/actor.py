import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import Representation, Slug, WholeNumber

ACTOR_KINDS = ("person", "organisation", "country")


class ActorRecordSchema(ma.Schema):
    """A person, organisation or country that takes part in events."""

    id = Slug(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(ACTOR_KINDS))
    role = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={"description": "Office or function at the time of the events."},
    )


class ActorSchema(ActorRecordSchema, Representation):
    event_count = WholeNumber(dump_only=True, required=True)


class ActorListSchema(ma.Schema):
    items = fields.List(fields.Nested(ActorSchema), required=True)
