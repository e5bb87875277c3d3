"""What every rule resolves against, and how a rule says it cannot give a date."""

from dataclasses import dataclass, replace
from datetime import date

from service.core.dates import DateSpan


class Unresolvable(ValueError):
    """An expression found in the text that cannot be given an EDTF date, and why; with its
    TIMEX3 ``(type, value)`` when resolving found one EDTF cannot hold (``2024-SU``)."""

    def __init__(self, reason: str, timex: tuple[str, str] | None = None):
        super().__init__(reason)
        self.timex = timex


@dataclass(frozen=True)
class Convention:
    """The order a document writes numeric dates in, and what in the document shows it."""

    order: str  # DAY_FIRST or MONTH_FIRST
    evidence: str


@dataclass(frozen=True)
class Context:
    published: date
    tense: str | None = None  # PAST, FUTURE, or None: no marker near the expression
    tense_in_clause: bool = True  # False: only a marker beyond its clause gave the tense
    anchor: DateSpan | None = None  # the latest resolved date earlier in the sentence
    convention: Convention | None = None  # the document's numeric date order, if it shows one
    quarter: DateSpan | None = None  # the quarter the document last named (earnings news)
    end_point: bool = False  # the word before names an end point: "until", "by", "effective"

    def but(self, **changes) -> "Context":
        """This context with some fields changed."""
        return replace(self, **changes)

    @property
    def pub(self) -> str:
        return f"publication ({self.published.isoformat()})"
