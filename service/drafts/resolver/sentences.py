"""Sentence boundaries by rule: line breaks, and ``.``/``!``/``?`` before a capital.

A full stop ends a sentence when whitespace and then a capital letter, a digit or an
opening quote follow, unless the word before it is a known abbreviation (``Mr.``, ``Jan.``,
``U.S.``) or a single initial. Every line break ends a sentence too: news pages put
headlines, datelines and paragraphs on lines of their own.
"""

import re

_TERMINATOR = re.compile(r"[.!?][\"'”’)\]]*[ \t]+(?=[A-Z0-9\"'“‘(\[])")
_LINE = re.compile(r"[^\n]+", re.ASCII)
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$", re.ASCII)
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "prof",
        "gen",
        "gov",
        "sen",
        "rep",
        "rev",
        "col",
        "lt",
        "sgt",
        "capt",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
    ]
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` character offsets of every sentence, trimmed of whitespace."""
    spans = []
    for line in _LINE.finditer(text):
        start = line.start()
        for stop in _TERMINATOR.finditer(text, line.start(), line.end()):
            if _is_abbreviation(text, line.start(), stop.start()):
                continue
            spans.append(_trimmed(text, start, stop.end()))
            start = stop.end()
        spans.append(_trimmed(text, start, line.end()))
    return [(start, end) for start, end in spans if end > start]


def _is_abbreviation(text: str, line_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    before = _WORD_BEFORE.search(text, max(line_start, dot - 12), dot)
    if before is None:
        return False
    word = before.group(1).lower().strip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
