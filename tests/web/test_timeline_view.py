"""Grouping cards and drawing bars: the pure part of the timeline page."""

from datetime import date

from service.core.histogram import count_by_period
from service.core.kinds import LINKED_KINDS
from service.web.timeline import (
    chart_interval,
    density_chart,
    group_by_year_and_month,
)


def document(event_id: str, edtf: str, start: str, precision: str) -> dict:
    return {
        "id": event_id,
        "title": event_id,
        "summary": "Something happened.",
        "date": edtf,
        "start": start,
        "precision": precision,
        "approximate": False,
        "uncertain": False,
        **{kind.table: [] for kind in LINKED_KINDS},
        "tags": ["alpha"],
        "figures": [],
        "resolved_from": None,
    }


DOCUMENTS = [
    document("day-in-january", "2024-01-01", "2024-01-01", "day"),
    document("whole-year", "2024", "2024-01-01", "year"),
    document("march", "2024-03", "2024-03-01", "month"),
    document("next-year", "2025-02-03", "2025-02-03", "day"),
]


def layout(years) -> list[tuple[int, list[tuple[str, list[str]]]]]:
    return [
        (year.year, [(month.heading, [c.id for c in month.cards]) for month in year.months])
        for year in years
    ]


def test_year_only_events_come_first_in_their_year_then_the_months():
    assert layout(group_by_year_and_month(DOCUMENTS, {"tags": {"alpha": "Alpha"}})) == [
        (
            2024,
            [
                ("Month not given", ["whole-year"]),
                ("January", ["day-in-january"]),
                ("March", ["march"]),
            ],
        ),
        (2025, [("February", ["next-year"])]),
    ]


def test_newest_first_reverses_months_within_each_year():
    years = group_by_year_and_month(DOCUMENTS[::-1], {}, newest_first=True)
    assert layout(years)[0] == (2025, [("February", ["next-year"])])
    assert [m.heading for m in years[1].months] == ["March", "January", "Month not given"]


def test_cards_carry_tag_labels_and_dates_in_words():
    (year, _) = group_by_year_and_month(DOCUMENTS, {"tags": {"alpha": "Alpha"}})
    card = year.months[2].cards[0]
    assert (card.date_words, card.datetime, card.precision_words) == (
        "March 2024",
        "2024-03",
        "known to the month",
    )
    linked = {kind.table: items for kind, items in card.linked}
    assert linked.pop("tags") == [{"id": "alpha", "name": "Alpha"}]
    assert all(items == [] for items in linked.values())


def test_the_tallest_bar_fills_the_chart_and_empty_periods_have_none():
    spans = [(date(2024, 1, 5), date(2024, 1, 5)), (date(2024, 1, 1), date(2024, 3, 31))]
    chart = density_chart(count_by_period(spans, "month"))
    assert [(bar.label, bar.count, bar.height) for bar in chart.bars] == [
        ("January 2024", 2, 100),
        ("February 2024", 1, 50),
        ("March 2024", 1, 50),
    ]
    assert all(bar.y + bar.height == chart.height for bar in chart.bars)
    assert chart.width == 3 * (chart.bars[1].x - chart.bars[0].x)
    assert [(label.text, label.periods) for label in chart.axis] == [("2024", 3)]
    assert density_chart([]) is None


def test_long_spans_are_drawn_by_year_and_labelled_by_decade():
    first = date(2000, 1, 1)
    assert chart_interval(first, date(2005, 12, 31)) == "month"  # 72 months
    assert chart_interval(first, date(2006, 1, 1)) == "year"
    chart = density_chart(count_by_period([(first, date(2030, 6, 1))], "year"))
    assert [(label.text, label.periods) for label in chart.axis] == [
        ("2000s", 10),
        ("2010s", 10),
        ("2020s", 10),
        ("2030s", 1),
    ]
