"""Every integer and every day any schema reads is the one strict field for it.

``schemas.common.WholeNumber`` and ``schemas.common.IsoDate`` read exactly what the contract
writes (ASCII digits; ``YYYY-MM-DD``); marshmallow's own ``Integer``, ``Date`` and
``DateTime`` read more. A schema that declares one of those instead would quietly accept
``١`` or ``20240408`` again, so this walks every schema the service defines.
"""

import marshmallow as ma
from marshmallow import fields

import service.app  # noqa: F401  (imports every view, and so every schema the service uses)
from schemas.common import IsoDate, WholeNumber

LOOSE = {fields.Integer: WholeNumber, fields.Date: IsoDate}


def every_schema(base=ma.Schema):
    """Every schema class defined in ``schemas`` or ``service`` (not the libraries' own)."""
    for schema in base.__subclasses__():
        if schema.__module__.split(".")[0] in ("schemas", "service"):
            yield schema
        yield from every_schema(schema)


def leaves(field: fields.Field):
    yield field
    if isinstance(field, fields.List):
        yield from leaves(field.inner)


def test_every_integer_and_day_a_schema_declares_is_the_strict_field():
    seen, loose = set(), []
    for schema in every_schema():
        for name, declared in schema._declared_fields.items():
            for field in leaves(declared):
                seen.add(type(field))
                where = f"{schema.__module__}.{schema.__name__}.{name}"
                if isinstance(field, fields.DateTime | fields.Time):
                    loose.append(f"{where}: {type(field).__name__}")
                for wide, strict in LOOSE.items():
                    if isinstance(field, wide) and not isinstance(field, strict):
                        loose.append(f"{where}: {type(field).__name__}, not {strict.__name__}")
    assert {WholeNumber, IsoDate} <= seen  # the walk reached the schemas
    assert not loose
