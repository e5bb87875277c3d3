"""The timeline page's query: the exports' filters and order, as a plain HTML form sends them.

A form sends every field, filled or not (``?from=&q=&tag=``), and a page with no script
cannot leave the empty ones out. So on the page an empty value means "no filter": it is
dropped before validation, and the contract says that "" is accepted for each parameter.
"""

import copy

import marshmallow as ma
from marshmallow import fields, validate

from schemas.export import ExportQuerySchema


def or_blank(field: fields.Field) -> fields.Field:
    """A copy of ``field`` whose documented constraints also admit the empty string."""
    field = copy.deepcopy(field)
    target = field.inner if isinstance(field, fields.List) else field
    if "pattern" in target.metadata:
        target.metadata = {**target.metadata, "pattern": f"^$|{target.metadata['pattern']}"}
    target.validators = [_admitting_blank(validator) for validator in target.validators]
    return field


def _admitting_blank(validator):
    if isinstance(validator, validate.OneOf):
        return validate.OneOf(("", *validator.choices))
    if isinstance(validator, validate.Regexp):
        return type(validator)(f"^$|{validator.regex.pattern}")
    if isinstance(validator, validate.Length) and validator.min:
        return validate.Length(max=validator.max)
    return validator


_FILTERS = ExportQuerySchema._declared_fields


class TimelinePageQuerySchema(ExportQuerySchema):
    """The exports' query, where an empty value is the same as no value."""

    # Loading does more than the fields: the pre_load hook drops empty values first.
    load_query_fast = None

    from_ = or_blank(_FILTERS["from_"])
    to = or_blank(_FILTERS["to"])
    relation = or_blank(_FILTERS["relation"])
    actor = or_blank(_FILTERS["actor"])
    place = or_blank(_FILTERS["place"])
    tag = or_blank(_FILTERS["tag"])
    sort = or_blank(_FILTERS["sort"])

    @ma.pre_load
    def _empty_values_are_absent(self, data, **kwargs):
        present = {}
        for key in data:
            value = data[key]
            if isinstance(value, list):
                value = [item for item in value if item != ""]
            if value not in ("", []):
                present[key] = value
        return present
