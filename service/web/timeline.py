"""What the timeline page shows, worked out from event documents; pure functions, no Flask.

Events are grouped by the year and month they start in. An event known only to the year
has no month, so it sits under its year before the months ("Month not given"). The
density chart's bars are computed here too, as numbers the template writes into SVG
attributes, so the page needs neither scripts nor inline styles.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from service.core.display_dates import human_date, machine_date
from service.core.figures import quantity_in_words
from service.core.histogram import PeriodCount
from service.core.kinds import LINKED_KINDS, Kind

MONTHS_BEFORE_YEARLY_BARS = 72
BAR_SPACE = 10  # SVG user units per period; a bar fills 80% of its space
BAR_CHART_HEIGHT = 100
MAX_AXIS_LABELS = 12  # a label spans at most 12 bars (a year of months, or a decade)
# The most bars the chart draws: one event in year 9999 must not draw 8,000 empty years.
MAX_BARS = 120
PRECISION_WORDS = {"day": "known to the day", "month": "known to the month", "year": "year only"}


@dataclass(frozen=True)
class Card:
    """One event as the page shows it."""

    id: str
    title: str
    summary: str
    date_words: str
    datetime: str
    precision: str
    approximate: bool
    uncertain: bool
    # Each linked kind, in ``LINKED_KINDS`` order, with the event's items of it: ``{id, name}``.
    linked: list[tuple[Kind, list[dict]]]
    figures: list[tuple[str, str]]
    resolved_from: str | None

    @property
    def precision_words(self) -> str:
        return PRECISION_WORDS[self.precision]


@dataclass
class MonthGroup:
    month: int | None
    cards: list[Card] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return calendar.month_name[self.month] if self.month else "Month not given"


@dataclass
class YearGroup:
    year: int
    months: list[MonthGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(month.cards) for month in self.months)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class AxisLabel:
    text: str
    periods: int


@dataclass(frozen=True)
class DensityChart:
    interval: str
    bars: list[Bar]
    axis: list[AxisLabel]
    peak: int
    width: int
    cut_short_of: int | None = None
    height: int = BAR_CHART_HEIGHT

    @property
    def summary(self) -> str:
        first, last = self.bars[0].label, self.bars[-1].label
        span = first if first == last else f"{first} to {last}"
        return f"Events per {self.interval}, {span}; at most {self.peak} in one {self.interval}."

    @property
    def cut_short(self) -> str | None:
        """What the chart leaves out, when it stops before the events do."""
        if self.cut_short_of is None:
            return None
        return (
            f"The chart stops after {MAX_BARS} {self.interval}s; the events reach "
            f"{self.cut_short_of}, and the counts for every {self.interval} are in the "
            "histogram."
        )


Labels = dict[str, dict[str, str]]
"""For each linked kind documents list by id only (tags): id -> label."""


def card(document: dict, labels: Labels) -> Card:
    return Card(
        id=document["id"],
        title=document["title"],
        summary=document["summary"],
        date_words=human_date(document["date"]),
        datetime=machine_date(document["date"]),
        precision=document["precision"],
        approximate=document["approximate"],
        uncertain=document["uncertain"],
        linked=[(kind, _named(document, kind, labels)) for kind in LINKED_KINDS],
        figures=[(quantity_in_words(f), f["counted"]) for f in document["figures"]],
        resolved_from=document["resolved_from"],
    )


def _named(document: dict, kind: Kind, labels: Labels) -> list[dict]:
    """The event's items of ``kind``, each ``{id, name}``, a label standing in for a name."""
    if kind.named_in_documents:
        return document[kind.table]
    known = labels.get(kind.table, {})
    return [{"id": item, "name": known.get(item, item)} for item in document[kind.table]]


def group_by_year_and_month(
    documents: Iterable[dict], labels: Labels, *, newest_first: bool = False
) -> list[YearGroup]:
    """Cards grouped by start year, then start month (``None`` for year-only dates).

    ``documents`` come in timeline order; years keep that order, and months within a
    year are put in it too, with "month not given" at the start of the year.
    """
    years: dict[int, dict[int | None, MonthGroup]] = {}
    for document in documents:
        start = date.fromisoformat(document["start"])
        month = None if document["precision"] == "year" else start.month
        months = years.setdefault(start.year, {})
        months.setdefault(month, MonthGroup(month)).cards.append(card(document, labels))
    groups = []
    for year, months in years.items():
        ordered = sorted(months.values(), key=lambda group: group.month or 0)
        groups.append(YearGroup(year, ordered[::-1] if newest_first else ordered))
    return groups


def density_chart(counts: list[PeriodCount], *, reaches: date | None = None) -> DensityChart | None:
    """Bars for ``counts`` (one per period, oldest first), or None when there are none.

    ``reaches`` is the last day the events cover; past the last bar, the chart says so.
    """
    if not counts:
        return None
    interval = "month" if len(counts[0].period) == 7 else "year"
    peak = max(item.count for item in counts)
    bars = []
    for index, item in enumerate(counts):
        height = BAR_CHART_HEIGHT * item.count / peak if peak else 0
        bars.append(
            Bar(
                label=_period_words(item),
                count=item.count,
                x=index * BAR_SPACE + BAR_SPACE * 0.1,
                y=BAR_CHART_HEIGHT - height,
                width=BAR_SPACE * 0.8,
                height=height,
            )
        )
    return DensityChart(
        interval=interval,
        bars=bars,
        axis=_axis_labels(counts, interval),
        peak=peak,
        width=len(counts) * BAR_SPACE,
        cut_short_of=reaches.year if reaches is not None and reaches > counts[-1].end else None,
    )


def chart_interval(first_day: date, last_day: date) -> str:
    """Months when the events span a few years, whole years beyond that."""
    months = (last_day.year - first_day.year) * 12 + last_day.month - first_day.month + 1
    return "month" if months <= MONTHS_BEFORE_YEARLY_BARS else "year"


def _axis_labels(counts: list[PeriodCount], interval: str) -> list[AxisLabel]:
    """Labels under the bars, each spanning its bars: one per year, or per decade when
    there are too many years to label each."""
    by_decade = interval == "year" and len(counts) > MAX_AXIS_LABELS
    labels: list[AxisLabel] = []
    for item in counts:
        year = item.start.year
        text = f"{year - year % 10}s" if by_decade else str(year)
        if labels and labels[-1].text == text:
            labels[-1] = AxisLabel(text, labels[-1].periods + 1)
        else:
            labels.append(AxisLabel(text, 1))
    return labels


def _period_words(item: PeriodCount) -> str:
    if len(item.period) == 4:
        return item.period
    return f"{calendar.month_name[item.start.month]} {item.start.year}"
