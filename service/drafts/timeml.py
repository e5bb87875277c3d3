"""TimeML documents: read a ``.tml`` file's text, DCT and TIMEX3 spans; write a draft as one.

Offsets are in characters (code points) of the ``TEXT`` element's text, tags removed, as
TempEval-3 counts them. The document creation time (DCT) is the ``TIMEX3`` with
``functionInDocument="CREATION_TIME"``, wherever it is (TimeBank puts it in ``DCT``).

Writing keeps every offset: a character XML 1.0 cannot carry becomes U+FFFD (one for one)
and a carriage return is written ``&#13;``, so a parser reads back exactly the text written
(it would turn a raw one into a line feed).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from xml.etree import ElementTree

from service.core.xml_text import xml_text
from service.drafts.resolver import Expression

TIMEML_MEDIA_TYPE = "application/xml"
CREATION_TIME = "CREATION_TIME"
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;",
     "\t": "&#9;"}
)  # fmt: skip


class NotTimeML(ValueError):
    """A file that is not a TimeML document this reader can score, and why."""


@dataclass(frozen=True)
class Timex:
    """One TIMEX3 in a text: its characters ``[start, end)``, its type and its value."""

    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True)
class TimeMLDocument:
    docid: str
    dct: date
    text: str
    timexes: tuple[Timex, ...]


def read_timeml(data: bytes | str) -> TimeMLDocument:
    """The text, DCT and TIMEX3 of a TimeML document; ``NotTimeML`` says what is missing."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise NotTimeML(f"not well-formed XML ({error})") from None
    body = root.find("TEXT")
    if body is None:
        raise NotTimeML("no TEXT element")
    reader = _TextReader()
    reader.read(body)
    docid = root.findtext("DOCID", default="").strip()
    text = "".join(reader.pieces)
    return TimeMLDocument(docid, _creation_time(root), text, tuple(reader.timexes))


class _TextReader:
    """Walks the TEXT element once, keeping the text's length so far."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.timexes: list[Timex] = []

    def read(self, element: ElementTree.Element) -> None:
        start = self.length
        self._add(element.text)
        for child in element:
            self.read(child)
            self._add(child.tail)
        if element.tag == "TIMEX3":
            type_, value = element.get("type", ""), element.get("value", "")
            self.timexes.append(Timex(start, self.length, type_, value))

    def _add(self, piece: str | None) -> None:
        if piece:
            self.pieces.append(piece)
            self.length += len(piece)


def _creation_time(root: ElementTree.Element) -> date:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == CREATION_TIME:
            value = timex.get("value", "")
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                raise NotTimeML(f"the creation time {value!r} is not a day") from None
    raise NotTimeML('no TIMEX3 with functionInDocument="CREATION_TIME"')


def timexes_of(expressions: Iterable[Expression]) -> tuple[Timex, ...]:
    """The TIMEX3 of the resolver's expressions: each one's span, TIMEX3 type and value."""
    return tuple(
        Timex(expression.start, expression.end, expression.timex_type, expression.timex_value)
        for expression in expressions
    )


def write_timeml(document: TimeMLDocument) -> bytes:
    """``document`` as TimeML 1.2.1, UTF-8: the DCT is ``t0``, the text's TIMEX3 ``t1``...

    A TIMEX3 that overlaps one before it, or reaches outside the text, is left out:
    TimeML tags cannot cross.
    """
    dct = document.dct.isoformat()
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">\n',
        f"<DOCID>{_text(document.docid)}</DOCID>\n",
        f"<DCT>{_open_timex('t0', 'DATE', dct, CREATION_TIME)}{dct}</TIMEX3></DCT>\n",
        "<TEXT>",
        *_tagged_text(document.text, document.timexes),
        "</TEXT>\n</TimeML>\n",
    ]
    return "".join(parts).encode("utf-8")


def _tagged_text(text: str, timexes: Iterable[Timex]) -> Iterable[str]:
    position, number = 0, 0
    for timex in sorted(timexes, key=lambda t: (t.start, t.end)):
        if timex.start < position or not timex.start < timex.end <= len(text):
            continue
        number += 1
        yield _text(text[position : timex.start])
        yield _open_timex(f"t{number}", timex.type, timex.value, "NONE")
        yield _text(text[timex.start : timex.end])
        yield "</TIMEX3>"
        position = timex.end
    yield _text(text[position:])


def _open_timex(tid: str, type_: str, value: str, function: str) -> str:
    return (
        f'<TIMEX3 tid="{tid}" type="{_attribute(type_)}" value="{_attribute(value)}" '
        f'functionInDocument="{function}">'
    )


def _text(text: str) -> str:
    return xml_text(text).translate(_TEXT_ESCAPES)


def _attribute(text: str) -> str:
    return xml_text(text).translate(_ATTRIBUTE_ESCAPES)


def draft_timeml(
    text: str, published: date, docid: str, expressions: Iterable[Expression]
) -> bytes:
    """A draft as TimeML: ``text`` with each expression a TIMEX3, ``published`` the DCT."""
    return write_timeml(TimeMLDocument(docid, published, text, timexes_of(expressions)))
