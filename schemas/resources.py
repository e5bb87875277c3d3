"""The schemas of each kind's records, made from its description in ``core.kinds``.

For a kind such as ``ACTORS``: ``ActorRecordSchema`` (a record as a dataset file and a
write hold it), ``ActorSchema`` (what the API returns: the record and its event count) and
``ActorListSchema``. The contract names them after the classes, so they keep those names.
"""

from dataclasses import dataclass

import marshmallow as ma
from marshmallow import fields

from schemas.common import Representation, Slug
from service.core.kinds import KINDS, Kind


@dataclass(frozen=True)
class KindSchemas:
    record: type[ma.Schema]
    item: type[ma.Schema]
    list: type[ma.Schema]


def kind_schemas(kind: Kind) -> KindSchemas:
    record = type(
        f"{kind.title}RecordSchema",
        (ma.Schema,),
        {"__doc__": kind.description, "id": Slug(required=True), **kind.record_fields()},
    )
    item = type(
        f"{kind.title}Schema",
        (record, Representation),
        {"event_count": fields.Integer(dump_only=True, required=True)},
    )
    listed = type(
        f"{kind.title}ListSchema",
        (ma.Schema,),
        {"items": fields.List(fields.Nested(item), required=True)},
    )
    return KindSchemas(record, item, listed)


SCHEMAS = {kind.table: kind_schemas(kind) for kind in KINDS}
