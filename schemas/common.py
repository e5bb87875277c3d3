"""Fields and schemas shared by every resource: ids, numbers, problems, lists."""

import numbers
import re
import typing
from datetime import date

import marshmallow as ma
from marshmallow import fields, validate

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# What the contract's ``integer`` and ``format: date`` mean as text: ASCII digits only.
INTEGER_TEXT = re.compile(r"-?[0-9]+", re.ASCII)
ISO_DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
# What ``timeline draft`` writes where an editor must write: refused until replaced.
DRAFT_PLACEHOLDER = "TO WRITE:"


class WrittenText(fields.String):
    """Text an editor writes: 1 to ``longest`` characters, never a draft's placeholder."""

    def __init__(self, longest: int, **kwargs):
        super().__init__(
            validate=[validate.Length(min=1, max=longest), _not_a_placeholder], **kwargs
        )


def _not_a_placeholder(text: str) -> None:
    if text.lstrip().startswith(DRAFT_PLACEHOLDER):
        raise ma.ValidationError(
            f"still the draft's {DRAFT_PLACEHOLDER!r} placeholder: write it before loading"
        )


class WholeMatch(validate.Regexp):
    """A pattern the whole value must match.

    The pattern is written ``^…$`` so that the contract publishes it as JSON Schema tools
    read it (ECMA-262), but Python's ``$`` also matches before a final newline: with
    ``re.match``, ``two-sessions-2024\\n`` would pass as an id. So it is checked with
    ``fullmatch``, here and wherever a pattern guards an identifier.
    """

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value


class Slug(fields.String):
    """A stable, URL-safe id such as ``mayorkas-wang-vienna-meeting-2024``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {"example": "alejandro-mayorkas"})
        super().__init__(
            validate=[validate.Length(min=1, max=100), WholeMatch(SLUG_PATTERN)], **kwargs
        )


# The largest magnitude every JSON reader holds exactly (2**53, ECMA-262's safe integers).
MAX_QUANTITY = 2**53


class Quantity(fields.Number):
    """A finite JSON number of magnitude at most 2**53, written as an integer when it is whole
    (288, not 288.0), so that every JSON reader, this service's included, reads it back."""

    num_type = float

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Range(min=-MAX_QUANTITY, max=MAX_QUANTITY), **kwargs)

    default_error_messages: typing.ClassVar[dict[str, str]] = {
        "special": "Special numeric values (nan or infinity) are not permitted.",
        "too_large": "Number too large.",
    }

    def _validated(self, value):
        if isinstance(value, str):  # the contract says number: "288" and "٢٨٨" are not
            raise self.make_error("invalid", input=value)
        try:
            number = super()._validated(value)
        except OverflowError:
            raise self.make_error("too_large") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise self.make_error("special")
        return number

    def _format_num(self, value):
        number = float(value)
        return int(number) if number.is_integer() else number


MAX_OFFSET = 2**31 - 1


class WholeNumber(fields.Integer):
    """An integer exactly as the contract's ``integer`` reads: a JSON integer, or as text (a
    query parameter) ASCII digits with an optional ``-``.

    marshmallow's ``Integer`` takes whatever Python's ``int`` does: ``١`` (Arabic-Indic
    one), ``５``, `` 5``, ``+5`` and ``1_0``. Every integer a schema loads is this field
    (tests/unit/test_strict_fields.py checks it), so that is refused in one place.
    """

    def _validated(self, value):
        if isinstance(value, str) and INTEGER_TEXT.fullmatch(value) is None:
            raise self.make_error("invalid", input=value)
        if not isinstance(value, numbers.Integral | str):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class Offset(WholeNumber):
    """A whole number of characters, 0 to 2**31-1: JSON integers only, never 2.5 or 1e40."""

    def __init__(self, *, minimum: int = 0, **kwargs):
        super().__init__(
            strict=True, validate=validate.Range(min=minimum, max=MAX_OFFSET), **kwargs
        )


class IsoDate(fields.Date):
    """A calendar day, serialised from a ``date`` or the ISO string SQLite hands back, and
    read only as the contract's ``format: date`` writes it: ``YYYY-MM-DD`` in ASCII digits.

    marshmallow's ``Date`` reads with ``date.fromisoformat``, which also takes ``20240408``
    and ``2024-W15-1``; every day a schema loads is this field, so those are refused here.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, date):  # a record already loaded, checked again
            return value
        if not isinstance(value, str) or ISO_DAY_TEXT.fullmatch(value) is None:
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        return super()._deserialize(value, attr, data, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, str):
            value = date.fromisoformat(value)
        return super()._serialize(value, attr, obj, **kwargs)


class Representation:
    """A schema the API only sends, every field in every answer (null when it has no value).

    The contract lists all its properties as required, so a typed client reads them without
    checking for absent members (``service.api.openapi.RepresentationPlugin``).
    """


class FieldErrorSchema(ma.Schema):
    detail = fields.String(required=True, metadata={"description": "What is wrong with it."})
    parameter = fields.String(
        metadata={"description": "The query, path or header parameter that was wrong."}
    )
    pointer = fields.String(
        metadata={"description": "JSON Pointer (RFC 6901) to the body member that was wrong."}
    )


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem detail, the body of every error response."""

    type = fields.String(
        required=True,
        metadata={
            "description": "URI reference naming the problem type.",
            "example": "about:blank",
        },
    )
    title = fields.String(required=True, metadata={"example": "Bad Request"})
    status = WholeNumber(required=True, metadata={"example": 400})
    detail = fields.String(
        required=True, metadata={"example": "from: '2024-13' is not a valid EDTF date"}
    )
    errors = fields.List(
        fields.Nested(FieldErrorSchema),
        metadata={"description": "Each parameter or body member that was wrong."},
    )
    request_id = fields.String(
        metadata={
            "description": "The request's X-Request-ID (also a response header), to quote "
            "when reporting the problem; it names the request in the server's logs.",
            "example": "4bf92f3577b34da6a3ce929d0e0e4736",
        }
    )


def flatten_errors(messages: object, path: str = "") -> list[tuple[str, str]]:
    """Marshmallow's nested error messages as ``(dotted.path, message)`` pairs."""
    if isinstance(messages, dict):
        return [
            pair
            for key, value in messages.items()
            for pair in flatten_errors(value, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(messages, list):
        return [pair for item in messages for pair in flatten_errors(item, path)]
    return [(path, str(messages))]
