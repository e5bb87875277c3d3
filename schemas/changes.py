"""The change feed: which items changed, how, and at which revision, oldest first."""

import marshmallow as ma
from marshmallow import fields, validate, validates_schema

from schemas.common import ProblemSchema, Slug, WholeMatch, WholeNumber
from service.core.kinds import KINDS

FEED_KINDS = ("event", *(kind.singular for kind in KINDS))
FEED_ACTIONS = ("create", "update", "delete")
INSTANCE_PATTERN = r"^[0-9a-f]{32}$"


class ChangesQuerySchema(ma.Schema):
    """Where to start reading the change feed, and how much to read."""

    since = WholeNumber(
        load_default=0,
        validate=validate.Range(min=0, max=2**62),
        metadata={
            "description": "List the changes after this revision (0, the default: from the "
            "first). Take it from a page's revision, or from the last item you applied."
        },
    )
    instance = fields.String(
        validate=WholeMatch(INSTANCE_PATTERN),
        metadata={
            "description": "The database instance the since revision was read from (a page's "
            "instance). Required when since is above 0: revisions count within one instance, "
            "and a since from another one is answered 410.",
            "example": "4f9c2d1e8a7b4c3d9e0f1a2b3c4d5e6f",
        },
    )
    limit = WholeNumber(load_default=100, validate=validate.Range(min=1, max=1000))

    @validates_schema
    def _instance_with_since(self, data, **kwargs):
        if data.get("since", 0) > 0 and "instance" not in data:
            raise ma.ValidationError(
                "is required with since above 0: revisions count within one database "
                "instance (copy it from the page that gave you the revision)",
                "instance",
            )


class ChangeEntrySchema(ma.Schema):
    """One create, update or delete; a delete is a tombstone (its item is null)."""

    revision = WholeNumber(
        required=True, metadata={"description": "The data's revision this change made."}
    )
    at = fields.String(
        required=True, metadata={"format": "date-time", "example": "2024-04-08T16:41:00.000Z"}
    )
    kind = fields.String(required=True, validate=validate.OneOf(FEED_KINDS))
    id = Slug(required=True, metadata={"example": "mayorkas-wang-vienna-meeting-2024"})
    action = fields.String(required=True, validate=validate.OneOf(FEED_ACTIONS))
    url = fields.String(
        required=True, metadata={"description": "The item's URL (a 404 once deleted)."}
    )
    item = fields.Dict(
        required=True,
        allow_none=True,
        metadata={
            "description": "The item as GET on its URL returned it just after this change "
            "(a resource's event_count as of then); null for a delete."
        },
    )


class ChangesPageSchema(ma.Schema):
    instance = fields.String(
        required=True,
        metadata={"description": "This database instance; send it back with since."},
    )
    revision = WholeNumber(
        required=True,
        metadata={"description": "The data's current revision: since=revision lists nothing."},
    )
    items = fields.List(fields.Nested(ChangeEntrySchema), required=True)
    next = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "URL of the next page, or null when this page reaches now."},
    )


class ChangesGoneSchema(ProblemSchema):
    """410: the since revision was read from another database instance."""

    current_instance = fields.String(required=True)
    current_revision = WholeNumber(required=True)
