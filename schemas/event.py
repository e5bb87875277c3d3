"""Events: what the API returns, what it accepts as a query, and what the dataset holds."""

import functools
from collections.abc import Callable
from typing import NamedTuple

import marshmallow as ma
from marshmallow import fields, validate, validates_schema

from schemas.common import (
    IsoDate,
    Offset,
    Quantity,
    Representation,
    Slug,
    WholeNumber,
    WrittenText,
)
from service.core.dates import (
    PRECISIONS,
    QUERY_DATE_PATTERN,
    InvalidDate,
    parse_event_date,
    parse_query_date,
)
from service.core.fields import Sha256
from service.core.kinds import LINKED_KINDS, Kind

QUALIFIERS = ("exactly", "about", "more_than", "less_than")
RELATIONS = ("overlaps", "within", "contains")
OLDEST_FIRST, NEWEST_FIRST = "date", "-date"
EDTF_EXAMPLES = "2022, 2024-02, 2024-03-25~ (approximate), 2024? (uncertain), 2022-10-01/2023-09-30"


# How many of each an event may list. Besides keeping an event readable, the bounds keep
# every cell of the XLSX export (ids joined by ";", figures and evidence as JSON) under a
# spreadsheet cell's 32,767 characters, even with every text at its longest and written
# with JSON's longest escapes (tests/unit/formats/test_xlsx_format.py).
MAX_LINKED = 100
MAX_FIGURES = 10
MAX_EVIDENCE = 100


def _at_most(count: int) -> validate.Length:
    return validate.Length(max=count, error=f"at most {count} items")


def _validate_edtf(text: str) -> None:
    try:
        parse_event_date(text)
    except InvalidDate as error:
        raise ma.ValidationError(str(error)) from None


def _validate_query_date(text: str) -> None:
    try:
        parse_query_date(text)
    except InvalidDate as error:
        raise ma.ValidationError(str(error)) from None


class FigureSchema(ma.Schema):
    """A number the source gives, with what it counts."""

    value = Quantity(required=True, metadata={"example": 288})
    unit = fields.String(
        required=True, validate=validate.Length(min=1, max=50), metadata={"example": "people"}
    )
    counted = fields.String(
        required=True,
        validate=validate.Length(min=1, max=300),
        metadata={"description": "What was counted.", "example": "Chinese nationals repatriated"},
    )
    qualifier = fields.String(
        load_default="exactly",
        validate=validate.OneOf(QUALIFIERS),
        metadata={"description": "How the source states the number ('more than 37,000')."},
    )


class EvidenceSchema(ma.Schema):
    """Where in the source text an event is reported, by character offsets."""

    start = Offset(
        required=True,
        metadata={"description": "Offset of the span's first character (Unicode code points)."},
    )
    end = Offset(
        minimum=1,
        required=True,
        metadata={"description": "Offset just past the span's last character."},
    )
    sha256 = Sha256(
        required=True, metadata={"description": "sha256 of the span's text, UTF-8 encoded."}
    )

    @validates_schema
    def _end_after_start(self, data, **kwargs):
        if data.get("end", 1) <= data.get("start", 0):
            raise ma.ValidationError("end must be greater than start", "end")


class EventRecordSchema(ma.Schema):
    """An event as the dataset file holds it; derived date fields are not stored here."""

    id = Slug(required=True, metadata={"example": "mayorkas-wang-vienna-meeting-2024"})
    title = WrittenText(200, required=True)
    summary = WrittenText(2000, required=True)
    date = fields.String(
        required=True,
        validate=_validate_edtf,
        metadata={"description": f"EDTF date, e.g. {EDTF_EXAMPLES}.", "example": "2024-02"},
    )
    resolved_from = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=1000),
        metadata={"description": "How a relative expression ('two weeks ago') became the date."},
    )
    # One list of ids per linked kind; a class body's namespace takes them in this place,
    # so a document's members keep their order (and stored documents their bytes).
    locals().update(
        {
            kind.table: fields.List(Slug(), load_default=list, validate=_at_most(MAX_LINKED))
            for kind in LINKED_KINDS
        }
    )
    figures = fields.List(
        fields.Nested(FigureSchema), load_default=list, validate=_at_most(MAX_FIGURES)
    )
    source = Slug(required=True, metadata={"example": "asianews-2024-us-china-repatriation"})
    evidence = fields.List(
        fields.Nested(EvidenceSchema), load_default=list, validate=_at_most(MAX_EVIDENCE)
    )


class NamedRefSchema(ma.Schema):
    id = Slug(required=True)
    name = fields.String(required=True)


def _linked_refs(kind: Kind) -> fields.List:
    """An event's items of ``kind`` as the API returns them: ``{id, name}`` where documents
    name them, else ids."""
    if kind.named_in_documents:
        return fields.List(fields.Nested(NamedRefSchema), required=True)
    return fields.List(Slug(metadata={"example": kind.example_id}), required=True)


class EventSchema(EventRecordSchema, Representation):
    """An event as the API returns it, with the days its date covers."""

    start = IsoDate(
        dump_only=True, required=True, metadata={"description": "First day the date covers."}
    )
    end = IsoDate(
        dump_only=True, required=True, metadata={"description": "Last day the date covers."}
    )
    precision = fields.String(
        dump_only=True,
        required=True,
        validate=validate.OneOf(PRECISIONS),
        metadata={"description": "The unit the date is known to: day, month or year."},
    )
    approximate = fields.Boolean(
        dump_only=True, required=True, metadata={"description": "The date carries EDTF '~'."}
    )
    uncertain = fields.Boolean(
        dump_only=True, required=True, metadata={"description": "The date carries EDTF '?'."}
    )
    locals().update({kind.table: _linked_refs(kind) for kind in LINKED_KINDS})


class EventPageSchema(ma.Schema):
    items = fields.List(fields.Nested(EventSchema), required=True)
    next = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "URL of the next page, or null on the last page."},
    )


def _filter(kind: Kind) -> fields.List:
    """The query parameter keeping the events that name every one of the items given."""
    return fields.List(
        Slug(metadata={"example": kind.example_id}),
        metadata={"description": f"{kind.title} id; repeat to require several."},
    )


class EventQuerySchema(ma.Schema):
    """Filters, order and page of ``GET /events``."""

    from_ = fields.String(
        data_key="from",
        validate=_validate_query_date,
        metadata={
            "description": "Keep events on or after the first day of this YYYY, YYYY-MM or "
            "YYYY-MM-DD period.",
            "example": "2024-02",
            "pattern": QUERY_DATE_PATTERN,
        },
    )
    to = fields.String(
        validate=_validate_query_date,
        metadata={
            "description": "Keep events on or before the last day of this YYYY, YYYY-MM or "
            "YYYY-MM-DD period.",
            "example": "2024-04",
            "pattern": QUERY_DATE_PATTERN,
        },
    )
    relation = fields.String(
        load_default=RELATIONS[0],
        validate=validate.OneOf(RELATIONS),
        metadata={
            "description": "overlaps: the event's days meet the range; within: they lie inside "
            "it; contains: they cover all of it."
        },
    )
    fuzzy = fields.Boolean(
        load_default=False,
        metadata={
            "description": "true: an approximate or uncertain date (EDTF ~, ? or %) also "
            "overlaps the range when it would with its own length in days added on each side "
            "(at least 7), so 2024-03-25~ is found from 18 March to 1 April 2024. Only with "
            "relation=overlaps."
        },
    )
    q = fields.String(
        validate=validate.Length(max=500),
        metadata={"description": "Full-text search over title and summary; any text is valid."},
    )
    locals().update({kind.singular: _filter(kind) for kind in LINKED_KINDS})
    sort = fields.String(
        load_default=OLDEST_FIRST,
        validate=validate.OneOf((OLDEST_FIRST, NEWEST_FIRST)),
        metadata={"description": "date: oldest first; -date: newest first."},
    )
    limit = WholeNumber(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(
        validate=validate.Length(max=500),
        metadata={"description": "Opaque position from a previous page's next link."},
    )

    @validates_schema
    def _parameters_agree(self, data, **kwargs):
        problem = _disagreement(data)
        if problem is not None:
            raise ma.ValidationError(problem[1], problem[0])

    @classmethod
    def load_query_fast(cls, args) -> dict | None:
        """The arguments ``load`` would give for a plainly valid query, or None to let it decide.

        Loading a query through webargs and marshmallow costs more than answering it from
        the timeline index, so a query whose parameters are each given once (lists: any
        number of times) is checked here by this schema's own fields, validators and
        defaults, without webargs and without copying the schema. Anything unusual (a
        repeated single parameter, an unknown one, an invalid value) returns None, and the
        full schema then accepts it or answers with its exact problem.
        tests/unit/api/test_query_fast_path.py checks that both agree wherever this accepts.
        A subclass whose loading does more than its fields (a ``pre_load`` hook, another
        schema validator) says so by setting ``load_query_fast = None``.
        """
        query = _query_fields(cls)
        loaded = dict(query.defaults)
        loaded.update((name, make()) for name, make in query.made_defaults)
        try:
            for key in args:
                name, field, is_list = query.by_parameter.get(key, (None, None, False))
                values = args.getlist(key)
                if field is None or (len(values) != 1 and not is_list):
                    return None
                loaded[name] = field.deserialize(values if is_list else values[0])
        except ma.ValidationError:
            return None
        return None if _disagreement(loaded) is not None else loaded


class _QueryFields(NamedTuple):
    """A query schema's fields, bound once: by parameter name (with their attribute name and
    whether they take a list), and the defaults of those not given."""

    by_parameter: dict[str, tuple[str, fields.Field, bool]]
    defaults: dict
    made_defaults: tuple[tuple[str, Callable], ...]


@functools.cache
def _query_fields(schema: type[ma.Schema]) -> _QueryFields:
    bound = schema().load_fields
    defaults = {n: f.load_default for n, f in bound.items() if f.load_default is not ma.missing}
    return _QueryFields(
        by_parameter={
            field.data_key or name: (name, field, isinstance(field, fields.List))
            for name, field in bound.items()
        },
        defaults={n: d for n, d in defaults.items() if not callable(d)},
        made_defaults=tuple((n, d) for n, d in defaults.items() if callable(d)),
    )


def _disagreement(data: dict) -> tuple[str, str] | None:
    """The parameter and the problem when two of a query's parameters disagree: ``from``
    after ``to``, or ``fuzzy`` with a relation other than overlaps; None when they agree."""
    bounds = (data["from_"], data["to"]) if "from_" in data and "to" in data else None
    if bounds and parse_query_date(bounds[0]).start > parse_query_date(bounds[1]).end:
        return "from", f"from ({bounds[0]}) is after to ({bounds[1]})"
    if data.get("fuzzy") and data.get("relation", RELATIONS[0]) != RELATIONS[0]:
        return "fuzzy", f"fuzzy widens relation=overlaps only, not {data['relation']}"
    return None


class EventReplaceSchema(EventRecordSchema):
    """A whole event for ``PUT /events/{id}``: the id comes from the path."""

    class Meta:
        exclude = ("id",)


class MergePatchSchema(ma.Schema):
    """An RFC 7396 JSON merge patch of an event record.

    Members replace the event's; ``null`` removes one (optional fields fall back to their
    defaults). The patched event must be a valid event; ``id``, ``start``, ``end``,
    ``precision``, ``approximate`` and ``uncertain`` cannot be set.
    """

    class Meta:
        unknown = ma.INCLUDE
