"""The timeline page's query: the exports' filters and order, as a plain HTML form sends them.

A form sends every field, filled or not (``?from=&q=&tag=``), and a page with no script
cannot leave the empty ones out. So on the page an empty value means "no filter": it is
dropped before validation, and the contract says that "" is accepted for each parameter,
every one of the exports' filters, so a filter added there is admitted blank here too.
"""

import copy

import marshmallow as ma
from marshmallow import fields, validate

from schemas.export import ExportQuerySchema


def or_blank(field: fields.Field) -> fields.Field:
    """A copy of ``field`` whose documented constraints also admit the empty string."""
    field = copy.deepcopy(field)
    target = field.inner if isinstance(field, fields.List) else field
    not_text = _json_type(target)
    if not_text is not None:  # e.g. boolean: also a string, and then of length 0 (JSON Schema)
        target.metadata = {**target.metadata, "type": [not_text, "string"], "maxLength": 0}
    if "pattern" in target.metadata:
        target.metadata = {**target.metadata, "pattern": f"^$|{target.metadata['pattern']}"}
    target.validators = [_admitting_blank(validator) for validator in target.validators]
    return field


def _json_type(field: fields.Field) -> str | None:
    """The JSON Schema type of a field that is not text, or None for text."""
    for kind, name in ((fields.Boolean, "boolean"), (fields.Integer, "integer")):
        if isinstance(field, kind):
            return name
    if isinstance(field, fields.Number):
        return "number"
    return None


def _admitting_blank(validator):
    if isinstance(validator, validate.OneOf):
        return validate.OneOf(("", *validator.choices))
    if isinstance(validator, validate.Regexp):
        return type(validator)(f"^$|{validator.regex.pattern}")
    if isinstance(validator, validate.Length) and validator.min:
        return validate.Length(max=validator.max)
    return validator


class _EmptyValuesAreAbsent(ExportQuerySchema):
    # Loading does more than the fields: the pre_load hook drops empty values first.
    load_query_fast = None

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


TimelinePageQuerySchema = _EmptyValuesAreAbsent.from_dict(
    {name: or_blank(field) for name, field in ExportQuerySchema._declared_fields.items()},
    name="TimelinePageQuerySchema",
)
TimelinePageQuerySchema.__doc__ = "The exports' query, where an empty value is the same as none."
