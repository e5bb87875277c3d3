import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import (
    IsoDate,
    Offset,
    Representation,
    Slug,
    WholeMatch,
    WholeNumber,
    WrittenText,
)

SHA256_PATTERN = r"^[0-9a-f]{64}$"


class Sha256(fields.String):
    """A lower-case hex sha256 digest."""

    def __init__(self, **kwargs):
        super().__init__(validate=WholeMatch(SHA256_PATTERN), **kwargs)


class SourceRecordSchema(ma.Schema):
    """A published text that events are taken from, identified by the sha256 of its bytes."""

    id = Slug(required=True)
    title = WrittenText(300, required=True)
    publisher = WrittenText(200, required=True)
    author = fields.String(load_default=None, allow_none=True)
    published = IsoDate(required=True, metadata={"description": "Publication day."})
    language = fields.String(load_default="en", validate=validate.Length(min=2, max=20))
    file = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "File name of the stored text the evidence offsets refer to."},
    )
    url = fields.String(load_default=None, allow_none=True)
    sha256 = Sha256(
        required=True,
        metadata={"description": "sha256 of the text's UTF-8 bytes; evidence offsets index it."},
    )
    length = Offset(
        required=True,
        metadata={"description": "Length of the text in characters (Unicode code points)."},
    )
    notes = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "How the publication date and other facts were established."},
    )


class SourceSchema(SourceRecordSchema, Representation):
    event_count = WholeNumber(dump_only=True, required=True)


class SourceListSchema(ma.Schema):
    items = fields.List(fields.Nested(SourceSchema), required=True)
