"""The timeline as Knight Lab TimelineJS (v3) JSON, so a newsroom can embed it unchanged.

Each event becomes a slide: ``start_date`` (and ``end_date`` when the event runs past its
first day, month or year) as TimelineJS date objects holding only the parts the date is
known to, the words of ``human_date`` as ``display_date`` so "about" and "(uncertain)" stay
visible, and the label of its first tag as ``group``. Text fields are HTML, so every value
is escaped.
"""

from collections.abc import Iterable
from datetime import date

from markupsafe import Markup, escape

from service.display_dates import date_parts, human_date
from service.figures import figure_in_words

_PARTS_BY_PRECISION = {
    "year": ("year",),
    "month": ("year", "month"),
    "day": ("year", "month", "day"),
}


def timelinejs_document(
    documents: Iterable[dict], *, tag_labels: dict[str, str], sources: list[dict]
) -> dict:
    """A TimelineJS document: a title slide naming the sources, then one slide per event."""
    slides = [event_slide(document, tag_labels) for document in documents]
    return {"title": title_slide(sources, len(slides)), "events": slides, "scale": "human"}


def title_slide(sources: list[dict], event_count: int) -> dict:
    cited = [_source_in_words(source) for source in sources]
    noun = "event" if event_count == 1 else "events"
    text = Markup("<p>{} {} reported in {}.</p>").format(
        event_count, noun, Markup("; ").join(cited) if cited else "no source"
    )
    headline = sources[0]["title"] if len(sources) == 1 else "Timeline"
    return {"text": {"headline": str(escape(headline)), "text": str(text)}}


def event_slide(document: dict, tag_labels: dict[str, str]) -> dict:
    parts = date_parts(document["date"])
    first, last = parts[0], parts[-1]
    start = timelinejs_date(first.start, first.precision)
    end = timelinejs_date(last.end, last.precision)
    slide = {
        "unique_id": document["id"],
        "start_date": start,
        "display_date": human_date(document["date"]),
        "text": {"headline": str(escape(document["title"])), "text": str(_slide_text(document))},
    }
    if end != start:
        slide["end_date"] = end
    if document["tags"]:
        first_tag = document["tags"][0]
        slide["group"] = tag_labels.get(first_tag, first_tag)
    return slide


def timelinejs_date(day: date, precision: str) -> dict[str, int]:
    """A TimelineJS date object with only the parts ``precision`` knows: ``{"year": 2022}``."""
    return {part: getattr(day, part) for part in _PARTS_BY_PRECISION[precision]}


def _slide_text(document: dict) -> Markup:
    paragraphs = [Markup("<p>{}</p>").format(document["summary"])]
    if document["figures"]:
        items = Markup("").join(
            Markup("<li>{}</li>").format(figure_in_words(figure)) for figure in document["figures"]
        )
        paragraphs.append(Markup("<ul>{}</ul>").format(items))
    for label, refs in (("Who", document["actors"]), ("Where", document["places"])):
        if refs:
            names = ", ".join(ref["name"] for ref in refs)
            paragraphs.append(Markup("<p><strong>{}:</strong> {}</p>").format(label, names))
    return Markup("").join(paragraphs)


def _source_in_words(source: dict) -> Markup:
    by = f"{source['author']}, " if source.get("author") else ""
    return Markup("{}, <em>{}</em> ({}{})").format(
        source["publisher"], source["title"], by, human_date(str(source["published"]))
    )
