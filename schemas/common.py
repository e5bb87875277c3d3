"""Fields and schemas shared by every resource: ids, numbers, problems, lists."""

import typing

import marshmallow as ma
from marshmallow import fields, validate

from service.core.fields import DRAFT_PLACEHOLDER as DRAFT_PLACEHOLDER
from service.core.fields import SLUG_PATTERN as SLUG_PATTERN
from service.core.fields import IsoDate as IsoDate
from service.core.fields import Offset as Offset
from service.core.fields import Slug as Slug
from service.core.fields import WholeMatch as WholeMatch
from service.core.fields import WholeNumber as WholeNumber
from service.core.fields import WrittenText as WrittenText

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
