"""The kinds of things an event refers to (sources, actors, places, tags), each described once.

A ``Kind`` carries everything said about it anywhere: its record's fields (marshmallow, and
from them its table's columns), its names (table, event field, filter parameter) and the
words people read (the page's filter and list headings, the exports' lines). The store, the
schemas, the dataset file, the routes, the page and every export derive theirs from
``KINDS``, so a new kind is one entry here (plus a migration that adds its tables to older
files, and its data); tests/api/test_every_kind_everywhere.py checks that every surface
shows every kind.

A leaf module: it imports nothing from ``service`` or ``schemas`` but the other leaves.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from marshmallow import fields, validate

from service.core.fields import IsoDate, Offset, Sha256, WrittenText

Fields = Callable[[], dict[str, fields.Field]]


@dataclass(frozen=True)
class Kind:
    """One kind of resource: ``table`` is also its route and the event field naming it
    (``actors``); ``singular`` its filter parameter and the change feed's kind (``actor``)."""

    table: str
    singular: str
    # The field that names an item for people, and the order lists are read in.
    label: str
    reading_order: str
    # Events link to many of a linked kind (a join table; a facet of the timeline).
    linked: bool
    # Event documents show the ``label`` of each item beside its id (``{id, name}``).
    named_in_documents: bool
    # What the API says the resource is.
    description: str
    # The record's fields beside its ``id``, fresh for each schema that uses them.
    record_fields: Fields = field(compare=False, repr=False)
    # How the page's filter and an event's lists (page, TimelineJS, iCalendar) head it.
    filter_label: str = ""
    heading: str = ""
    # An id the contract shows as an example.
    example_id: str = "alejandro-mayorkas"
    # Lower: an item of this kind names fewer events, so when a query filters on several
    # kinds the page is read through this one's facet first (service/store/events.py).
    rarity_rank: int = 2

    @property
    def title(self) -> str:
        """``Actor``: how schema names and the change feed's titles start."""
        return self.singular.title()

    @property
    def join_table(self) -> str:
        """The table linking events to many of this kind (only for ``linked`` kinds)."""
        return f"event_{self.table}"

    @property
    def column(self) -> str:
        """The join table's column holding this kind's id."""
        return f"{self.singular}_id"

    @property
    def columns(self) -> dict[str, type]:
        """The table's columns, in the record's order: integers for integer fields."""
        described = self.record_fields().items()
        types = {name: int if isinstance(f, fields.Integer) else str for name, f in described}
        return {"id": str, **types}

    @property
    def required_columns(self) -> set[str]:
        return {name for name, f in self.record_fields().items() if f.required}


ACTOR_KINDS = ("person", "organisation", "country")


def _name(longest: int = 200) -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=longest))


def _optional(longest: int, description: str) -> fields.String:
    return fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=longest),
        metadata={"description": description},
    )


def _source_fields() -> dict[str, fields.Field]:
    return {
        "title": WrittenText(300, required=True),
        "publisher": WrittenText(200, required=True),
        "author": fields.String(load_default=None, allow_none=True),
        "published": IsoDate(required=True, metadata={"description": "Publication day."}),
        "language": fields.String(load_default="en", validate=validate.Length(min=2, max=20)),
        "file": fields.String(
            load_default=None,
            allow_none=True,
            metadata={"description": "File name of the stored text the evidence offsets refer to."},
        ),
        "url": fields.String(load_default=None, allow_none=True),
        "sha256": Sha256(
            required=True,
            metadata={
                "description": "sha256 of the text's UTF-8 bytes; evidence offsets index it."
            },
        ),
        "length": Offset(
            required=True,
            metadata={"description": "Length of the text in characters (Unicode code points)."},
        ),
        "notes": fields.String(
            load_default=None,
            allow_none=True,
            metadata={"description": "How the publication date and other facts were established."},
        ),
    }


SOURCES = Kind(
    "sources",
    "source",
    "title",
    "published",
    linked=False,
    named_in_documents=False,
    description="Published texts the events come from, with their sha256.",
    record_fields=_source_fields,
)
ACTORS = Kind(
    "actors",
    "actor",
    "name",
    "name",
    linked=True,
    named_in_documents=True,
    description="People, organisations and countries taking part in events.",
    record_fields=lambda: {
        "name": _name(),
        "kind": fields.String(required=True, validate=validate.OneOf(ACTOR_KINDS)),
        "role": _optional(200, "Office or function at the time of the events."),
    },
    filter_label="Who",
    heading="Who",
)
PLACES = Kind(
    "places",
    "place",
    "name",
    "name",
    linked=True,
    named_in_documents=True,
    description="Where events happen.",
    record_fields=lambda: {
        "name": _name(),
        "kind": fields.String(
            required=True, validate=validate.Length(min=1, max=50), metadata={"example": "city"}
        ),
        "country": _optional(100, "The country it lies in, when it lies in one."),
    },
    filter_label="Where",
    heading="Where",
    example_id="vienna",
    rarity_rank=1,
)
TAGS = Kind(
    "tags",
    "tag",
    "label",
    "label",
    linked=True,
    named_in_documents=False,
    description="Topics of events.",
    record_fields=lambda: {"label": _name(100)},
    filter_label="Tag",
    heading="Tags",
    example_id="repatriation",
    rarity_rank=3,
)

# Every kind, in the order a dataset file lists them (and loads them: before the events).
KINDS = (SOURCES, ACTORS, PLACES, TAGS)
# The kinds an event links to in lists, through a join table; each is a facet of the timeline.
LINKED_KINDS = tuple(kind for kind in KINDS if kind.linked)
# The kinds whose names each event's document shows beside their ids.
NAMED_KINDS = tuple(kind for kind in KINDS if kind.named_in_documents)
KIND_BY_TABLE = {kind.table: kind for kind in KINDS}
