"""Words and numbers with their character offsets, and the vocabulary of dates."""

import re
from dataclasses import dataclass

# One alternative per token shape; each starts with a distinct character class and repeats
# only groups that begin with a separator, so matching is linear (no backtracking blow-up).
_TOKEN = re.compile(
    r"['’]\d\ds\b"  # '70s
    r"|\d{4}(?=-\d{4}\b)"  # 2009 of 2009-2010, a range of years read as two years
    r"|[A-Za-z]+[0-9]*(?:[-'’][A-Za-z0-9]+)*"  # words, twenty-one, FY2023, month's
    r"|\d+(?:[,/.:-]\d+)*[A-Za-z]*"  # 2024, 04/08/2024, 2024-02-28, 1990s, 5th, 37,000
    r"|[^\sA-Za-z0-9]",  # punctuation, one character each
    re.ASCII,  # \d is 0-9 only: int() cannot read every Unicode digit ('²')
)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
SEASONS = frozenset({"spring", "summer", "autumn", "fall", "winter"})
TIMES_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "midday", "overnight"})
_UNITS = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade"}
_CLOCK_UNITS = {"hour": "hour", "minute": "minute", "second": "second"}
_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
NUMBER_WORDS = {word: value for value, word in enumerate(_SMALL)} | _TENS | {"a": 1, "an": 1}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
}


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    norm: str  # lower case, curly apostrophe straightened, possessive 's removed
    possessive: bool

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, offsets into the whole text."""
    tokens = []
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        word = match.group().replace("’", "'")
        lower = word.lower()
        possessive = lower.endswith("'s") and len(lower) > 2 and lower[0] != "'"
        norm = lower[:-2] if possessive else lower
        tokens.append(Token(match.group(), match.start(), match.end(), norm, possessive))
    return tokens


def unit_of(word: str) -> str | None:
    """``day``/``week``/``month``/``year``/``decade`` for the word or its plural."""
    return _UNITS.get(word[:-1] if word.endswith("s") else word)


def clock_unit_of(word: str) -> str | None:
    """``hour``/``minute``/``second`` for the word or its plural (durations only)."""
    return _CLOCK_UNITS.get(word[:-1] if word.endswith("s") else word)


def number_of(word: str) -> int | None:
    """A count written in digits or words: ``2``, ``two``, ``twenty-one``, ``a``."""
    if _is_ascii_number(word):
        return int(word) if len(word) <= 3 else None
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    tens, _, ones = word.partition("-")
    if tens in _TENS and ones in NUMBER_WORDS and 0 < NUMBER_WORDS[ones] < 10:
        return _TENS[tens] + NUMBER_WORDS[ones]
    return None


def day_of_month(word: str) -> int | None:
    """``5``, ``05``, ``5th``, ``21st`` as a day of the month, else None."""
    digits = word.rstrip("stndrh") if word[-2:] in ("st", "nd", "rd", "th") else word
    if _is_ascii_number(digits) and len(digits) <= 2 and 1 <= int(digits) <= 31:
        return int(digits)
    return None


def year_of(word: str) -> int | None:
    """A four-digit year from 1000 to 2199, else None."""
    if len(word) == 4 and _is_ascii_number(word) and 1000 <= int(word) <= 2199:
        return int(word)
    return None


def _is_ascii_number(word: str) -> bool:
    return word.isascii() and word.isdigit()
