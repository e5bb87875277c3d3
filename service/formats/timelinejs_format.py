"""The timeline as Knight Lab TimelineJS (v3) JSON, so a newsroom can embed it unchanged.

Each event becomes a slide over exactly the days it covers: ``start_date`` is its first day
and ``end_date`` its last (left out for a single day), always as full days, since TimelineJS
draws a date object without a month or day as a point on the 1st and drops an end date whose
parts all match the start's. ``display_date`` carries the precision in words ("2022",
"February 2024", "about 25 March 2024"), and ``group`` is the label of the first tag. Each
kind an event names (``NAMED_KINDS``: who, where) is a line of its text.

TimelineJS treats its strings in two ways, and each gets the escaping that shows it as
written and never as markup:

- ``text.headline`` and ``text.text`` are HTML (sanitised, then inserted as HTML): escaped
  once;
- ``group`` and ``display_date`` are text whose markup TimelineJS strips by parsing it as
  HTML, before inserting what is left as HTML again: escaped twice, so the one decoding
  leaves escaped text (a label ``<b>`` arrives as ``&amp;lt;b&amp;gt;``).

TimelineJS refuses a timeline without events, so an export that matches none holds one
placeholder slide (``PLACEHOLDER_ID``) saying so, dated to the requested window.
"""

from collections.abc import Iterable
from datetime import date

from markupsafe import Markup, escape

from service.core.display_dates import human_date
from service.core.figures import figure_in_words
from service.core.kinds import NAMED_KINDS

PLACEHOLDER_ID = "no-matching-events"
_NO_EVENTS_TEXT = "No events match these filters. Try a wider date range or fewer filters."


def timelinejs_document(
    documents: Iterable[dict],
    *,
    tag_labels: dict[str, str],
    sources: list[dict],
    placeholder_day: date,
) -> dict:
    """A TimelineJS document: a title slide naming the sources, then one slide per event.

    With no events, the one slide is a placeholder on ``placeholder_day``.
    """
    slides = [event_slide(document, tag_labels) for document in documents]
    title = title_slide(sources, len(slides))
    return {
        "title": title,
        "events": slides or [placeholder_slide(placeholder_day)],
        "scale": "human",
    }


def title_slide(sources: list[dict], event_count: int) -> dict:
    if event_count:
        noun = "event" if event_count == 1 else "events"
        cited = Markup("; ").join(_source_in_words(source) for source in sources)
        text = Markup("<p>{} {} reported in {}.</p>").format(
            event_count, noun, cited or "no source"
        )
    else:
        text = Markup("<p>{}</p>").format(_NO_EVENTS_TEXT)
    headline = sources[0]["title"] if len(sources) == 1 else "Timeline"
    return {"text": {"headline": _html(headline), "text": str(text)}}


def event_slide(document: dict, tag_labels: dict[str, str]) -> dict:
    slide = {
        "unique_id": document["id"],
        "start_date": timelinejs_day(date.fromisoformat(document["start"])),
        "display_date": _stripped_text(human_date(document["date"])),
        "text": {"headline": _html(document["title"]), "text": str(_slide_text(document))},
    }
    if document["end"] != document["start"]:
        slide["end_date"] = timelinejs_day(date.fromisoformat(document["end"]))
    if document["tags"]:
        first_tag = document["tags"][0]
        slide["group"] = _stripped_text(tag_labels.get(first_tag, first_tag))
    return slide


def placeholder_slide(day: date) -> dict:
    """The slide of an export that matches no event: TimelineJS shows nothing without one."""
    return {
        "unique_id": PLACEHOLDER_ID,
        "start_date": timelinejs_day(day),
        "display_date": "No events",
        "text": {"headline": "No events match", "text": f"<p>{escape(_NO_EVENTS_TEXT)}</p>"},
    }


def timelinejs_day(day: date) -> dict[str, int]:
    """A TimelineJS date object for one whole day: ``{"year": 2024, "month": 4, "day": 8}``."""
    return {"year": day.year, "month": day.month, "day": day.day}


def _html(text: str) -> str:
    """``text`` for a field TimelineJS inserts as HTML."""
    return str(escape(text))


def _stripped_text(text: str) -> str:
    """``text`` for a field whose markup TimelineJS strips before inserting it as HTML."""
    return str(escape(str(escape(text))))


def _slide_text(document: dict) -> Markup:
    paragraphs = [Markup("<p>{}</p>").format(document["summary"])]
    if document["figures"]:
        items = Markup("").join(
            Markup("<li>{}</li>").format(figure_in_words(figure)) for figure in document["figures"]
        )
        paragraphs.append(Markup("<ul>{}</ul>").format(items))
    for kind in NAMED_KINDS:
        if document[kind.table]:
            names = ", ".join(ref["name"] for ref in document[kind.table])
            paragraphs.append(Markup("<p><strong>{}:</strong> {}</p>").format(kind.heading, names))
    return Markup("").join(paragraphs)


def _source_in_words(source: dict) -> Markup:
    by = f"{source['author']}, " if source.get("author") else ""
    return Markup("{}, <em>{}</em> ({}{})").format(
        source["publisher"], source["title"], by, human_date(str(source["published"]))
    )
