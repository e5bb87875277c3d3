"""The field types records are described with: ids, written text, days, offsets, digests.

A leaf module (marshmallow only), so ``core.kinds`` can describe each kind's fields with
them; ``schemas.common`` offers them to the other schemas.
"""

import numbers
import re
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


MAX_OFFSET = 2**31 - 1


class WholeNumber(fields.Integer):
    """An integer exactly as the contract's ``integer`` reads: a JSON integer, or as text (a
    query parameter) ASCII digits with an optional ``-``.

    marshmallow's ``Integer`` takes whatever Python's ``int`` does: ``١`` (Arabic-Indic
    one), ``５``, `` 5``, ``+5`` and ``1_0``. Every integer a schema loads is this field
    (tests/unit/core/test_strict_fields.py checks it), so that is refused in one place.
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


SHA256_PATTERN = r"^[0-9a-f]{64}$"


class Sha256(fields.String):
    """A lower-case hex sha256 digest."""

    def __init__(self, **kwargs):
        super().__init__(validate=WholeMatch(SHA256_PATTERN), **kwargs)
