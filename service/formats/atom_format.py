"""The change feed as an Atom feed (RFC 4287) that feed readers subscribe to.

Entry ids are ``urn:uuid`` names derived from the database instance and the change's
revision, so a reader that sees the same change twice (from any replica) knows it. Every
text and link goes through ``xml_text``, so no title can make the feed unreadable.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree

from service.core.xml_text import xml_text

ATOM = "http://www.w3.org/2005/Atom"
ATOM_XML = "application/atom+xml"
# ``updated`` of a feed with no entries yet: any fixed instant keeps the bytes (and ETag) stable.
NO_CHANGES_YET = "1970-01-01T00:00:00Z"


@dataclass(frozen=True)
class AtomEntry:
    revision: int
    updated: str
    title: str
    summary: str
    link: str


def changes_feed(
    entries: Iterable[AtomEntry], *, instance: str, title: str, self_url: str, home_url: str
) -> bytes:
    """An Atom document with ``entries`` (newest first), for the database ``instance``."""
    entries = list(entries)
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(_atom("feed"))
    _text(feed, "id", f"urn:uuid:{uuid.UUID(instance)}")
    _text(feed, "title", title)
    _text(feed, "updated", entries[0].updated if entries else NO_CHANGES_YET)
    _link(feed, "self", self_url, type=ATOM_XML)
    _link(feed, "alternate", home_url)
    author = ElementTree.SubElement(feed, _atom("author"))
    _text(author, "name", title)
    for entry in entries:
        element = ElementTree.SubElement(feed, _atom("entry"))
        _text(element, "id", entry_id(instance, entry.revision))
        _text(element, "title", entry.title)
        _text(element, "updated", entry.updated)
        _link(element, "alternate", entry.link)
        _text(element, "summary", entry.summary)
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)


def entry_id(instance: str, revision: int) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.UUID(instance), str(revision))}"


def _atom(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, _atom(tag)).text = xml_text(text)


def _link(parent: ElementTree.Element, rel: str, href: str, **attributes: str) -> None:
    ElementTree.SubElement(parent, _atom("link"), rel=rel, href=xml_text(href), **attributes)
