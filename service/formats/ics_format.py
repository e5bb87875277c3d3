"""The timeline as an iCalendar file (RFC 5545) that calendar applications subscribe to.

Every event is an all-day event covering exactly the days its date covers: a day, a whole
month or a whole year, or the days of an interval. ``DTEND`` is exclusive in iCalendar, so
it is the day after the last day; an event ending on 31 December 9999 has no such day that
RFC 5545 can write (years have four digits), so it says ``DURATION`` instead. ``DTSTAMP`` is
the source's publication day rather than the moment of the request, so the same data always
gives the same bytes (and ETag).

Text goes through ``ics_text``: RFC 5545 allows no control character in TEXT but the tab
(line breaks are escaped as ``\\n`` by icalendar), so the others are dropped.
"""

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from service.core.display_dates import human_date
from service.core.figures import figure_in_words
from service.core.kinds import NAMED_KINDS, PLACES, TAGS

if TYPE_CHECKING:
    from icalendar import Event

PRODUCT_ID = "-//Timeline API//timeline-service 1.0//EN"
UID_DOMAIN = "timeline-service"
# RFC 5545, section 3.3.11: TEXT excludes CONTROL (%x00-08 / %x0A-1F / %x7F) but for the
# tab; a line break is kept, for icalendar to escape. A lone carriage return is dropped.
_FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# The kinds iCalendar has a property for; every other kind an event names (``NAMED_KINDS``)
# is a line of the description ("Who: ...").
LOCATION, CATEGORIES = PLACES, TAGS


def ics_text(value: str) -> str:
    """``value`` as RFC 5545 TEXT allows it: line breaks kept, other controls but tab dropped."""
    return _FORBIDDEN_IN_TEXT.sub("", value.replace("\r\n", "\n"))


def events_calendar(
    documents: Iterable[dict],
    *,
    sources: dict[str, dict],
    tag_labels: dict[str, str],
    event_url: Callable[[str], str],
    name: str = "Timeline",
) -> bytes:
    """An iCalendar file with one all-day ``VEVENT`` per event document.

    icalendar is imported on the first export, not at start: 7 MB a worker may never use."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", ics_text(name))
    for document in documents:
        source = sources.get(document["source"], {})
        url = event_url(document["id"])
        calendar.add_component(calendar_event(document, source, tag_labels, url))
    return calendar.to_ical()


def calendar_event(document: dict, source: dict, tag_labels: dict[str, str], url: str) -> "Event":
    """One all-day ``VEVENT``; ``source`` is the event's source record, if known."""
    from icalendar import Event

    event = Event()
    event.add("uid", f"{document['id']}@{UID_DOMAIN}")
    event.add("dtstamp", _midnight_utc(source.get("published", document["start"])))
    first, last = date.fromisoformat(document["start"]), date.fromisoformat(document["end"])
    event.add("dtstart", first)
    if last < date.max:
        event.add("dtend", last + timedelta(days=1))
    else:
        event.add("duration", last - first + timedelta(days=1))
    event.add("summary", ics_text(document["title"]))
    event.add("description", ics_text(_description(document, source)))
    if document[LOCATION.table]:
        names = (place["name"] for place in document[LOCATION.table])
        event.add("location", ics_text("; ".join(names)))
    if document[CATEGORIES.table]:
        labels = (tag_labels.get(tag, tag) for tag in document[CATEGORIES.table])
        event.add("categories", [ics_text(label) for label in labels])
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def _description(document: dict, source: dict) -> str:
    words = human_date(document["date"])
    edtf = "" if words == document["date"] else f" (EDTF {document['date']})"
    lines = [document["summary"], "", f"Date: {words}{edtf}"]
    lines += [f"Figure: {figure_in_words(figure)}" for figure in document["figures"]]
    for kind in NAMED_KINDS:
        if kind != LOCATION and document[kind.table]:
            names = ", ".join(ref["name"] for ref in document[kind.table])
            lines.append(f"{kind.heading}: {names}")
    if source:
        lines.append(f"Source: {source['publisher']}, {source['title']}")
    return "\n".join(lines)


def _midnight_utc(day: str | date) -> datetime:
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
