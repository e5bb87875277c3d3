"""The kinds of things an event refers to (sources, actors, places, tags), each described once.

A leaf module: it imports nothing from ``service`` or ``schemas``, so the store, the schemas
and the views can all derive their tables, columns and names from it. Adding a kind of link
is one edit here (plus its table's columns in ``service/store/schema.py`` and its schemas).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of resource: ``table`` is also the event field naming it (``actors``)."""

    table: str
    singular: str
    label: str
    reading_order: str
    linked: bool
    named_in_documents: bool

    @property
    def join_table(self) -> str:
        """The table linking events to many of this kind (only for ``linked`` kinds)."""
        return f"event_{self.table}"

    @property
    def column(self) -> str:
        """The join table's column holding this kind's id."""
        return f"{self.singular}_id"


SOURCES = Kind("sources", "source", "title", "published", linked=False, named_in_documents=False)
ACTORS = Kind("actors", "actor", "name", "name", linked=True, named_in_documents=True)
PLACES = Kind("places", "place", "name", "name", linked=True, named_in_documents=True)
TAGS = Kind("tags", "tag", "label", "label", linked=True, named_in_documents=False)

# Every kind, in the order a dataset file lists them (and loads them: before the events).
KINDS = (SOURCES, ACTORS, PLACES, TAGS)
# The kinds an event links to in lists, through a join table; each is a facet of the timeline.
LINKED_KINDS = tuple(kind for kind in KINDS if kind.linked)
# The kinds whose names each event's document shows beside their ids.
NAMED_KINDS = tuple(kind for kind in KINDS if kind.named_in_documents)
KIND_BY_TABLE = {kind.table: kind for kind in KINDS}
