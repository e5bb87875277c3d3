"""Drafts: a text and its publication day in, its temporal expressions and their dates out."""

import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import SLUG_PATTERN, IsoDate, Offset, Slug, WholeMatch
from service.core.dates import PRECISIONS

DRAFT_KINDS = (
    "absolute",
    "partial",
    "deictic",
    "duration-anchored",
    "span",
    "fiscal",
    "decade",
    "vague",
    "numeric",
    "anchored",
    "unsupported",
    "duration",
)

# TIMEX3 types (TimeML); service.drafts.resolver.TIMEX_TYPES, which the schemas may not import.
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")


DRAFT_FORMATS = ("json", "timeml")


class DraftQuerySchema(ma.Schema):
    """The answer's format; with a ``text/plain`` body, the publication day and source too."""

    published = IsoDate(
        metadata={"description": "Publication day (required with a text/plain body)."}
    )
    source = Slug(metadata={"description": "Id of the source the text is, if it has one."})
    format = fields.String(
        load_default="json",
        validate=validate.OneOf(DRAFT_FORMATS),
        metadata={
            "description": "json: the expressions as JSON (`Draft`). timeml: the text as a "
            "TimeML 1.2.1 document (`application/xml`), each expression a TIMEX3 with its "
            "tid, type and value, the publication day the document creation time (t0)."
        },
    )


class DraftRequestSchema(ma.Schema):
    """A JSON draft request."""

    text = fields.String(
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "The news text, as plain text."},
    )
    published = IsoDate(
        required=True,
        metadata={"description": "Publication day: relative dates are resolved against it."},
    )
    source = Slug(load_default=None, allow_none=True)


DRAFT_FORM_ACTIONS = ("show", "download")
# The page's text is counted in characters, as its form's maxlength and the contract's
# maxLength count it, never in the bytes a browser encodes it in (service/drafts/drafting.py
# sizes the form's body to hold any such text).
DRAFT_PAGE_MAX_CHARACTERS = 100_000


class DraftFormSchema(DraftRequestSchema):
    """The draft page's form: the JSON request's fields, where an empty source means none,
    and the button pressed. Fields a browser adds besides these are ignored."""

    class Meta:
        unknown = ma.EXCLUDE

    text = fields.String(
        required=True,
        validate=validate.Length(
            min=1,
            max=DRAFT_PAGE_MAX_CHARACTERS,
            error=f"must be 1 to {DRAFT_PAGE_MAX_CHARACTERS:,} characters",
        ),
        metadata={"description": "The news text, as plain text."},
    )
    source = fields.String(
        load_default="",
        validate=[validate.Length(max=100), WholeMatch(f"^(?:{SLUG_PATTERN[1:-1]})?$")],
        metadata={"description": "Id of the source the text is, if it has one; empty for none."},
    )
    action = fields.String(
        load_default="show",
        validate=validate.OneOf(DRAFT_FORM_ACTIONS),
        metadata={"description": "show: the page with the dates marked; download: the file."},
    )

    @ma.post_load
    def empty_source_is_none(self, form: dict, **kwargs) -> dict:
        return {**form, "source": form["source"] or None}


class SpanSchema(ma.Schema):
    start = Offset(required=True, metadata={"description": "First character (code points)."})
    end = Offset(required=True, metadata={"description": "Just past the last character."})


class DraftDateSchema(ma.Schema):
    """The EDTF date an expression resolves to, with the fields events derive from a date."""

    date = fields.String(required=True, metadata={"example": "2024-03-25~"})
    start = IsoDate(required=True)
    end = IsoDate(required=True)
    precision = fields.String(required=True, validate=validate.OneOf(PRECISIONS))
    approximate = fields.Boolean(required=True)
    uncertain = fields.Boolean(required=True)
    in_words = fields.String(required=True, metadata={"example": "about 25 March 2024"})


class DraftExpressionSchema(ma.Schema):
    """One temporal expression found in the text, dated or with the reason it is not."""

    phrase = fields.String(required=True, metadata={"example": "two weeks ago"})
    span = fields.Nested(SpanSchema, required=True)
    sentence = fields.Nested(
        SpanSchema,
        required=True,
        metadata={"description": "The sentence holding the expression: its evidence."},
    )
    kind = fields.String(required=True, validate=validate.OneOf(DRAFT_KINDS))
    date = fields.Nested(DraftDateSchema, required=True, allow_none=True)
    resolved_from = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Which rule, from which reference date, in words."},
    )
    reason = fields.String(
        required=True, allow_none=True, metadata={"description": "Why it could not be dated."}
    )
    timex_type = fields.String(
        required=True,
        validate=validate.OneOf(TIMEX_TYPES),
        metadata={"description": "Its TIMEX3 (TimeML) type.", "example": "DATE"},
    )
    timex_value = fields.String(
        required=True,
        metadata={
            "description": "Its TIMEX3 value, also where EDTF cannot hold it (a duration "
            "P5Y, a set P1W, a time 2024-04-08T20:00, PRESENT_REF, a season 2024-SU); "
            "X marks what the text leaves unknown (XXXX-XX-XX).",
            "example": "2024-03-25",
        },
    )


class DraftSchema(ma.Schema):
    published = IsoDate(required=True)
    source = Slug(required=True, allow_none=True)
    length = Offset(required=True, metadata={"description": "The text's length in characters."})
    expressions = fields.List(fields.Nested(DraftExpressionSchema), required=True)
