"""The numbers an article gives, in words: "more than 37,000 people", "80%"."""

_QUALIFIER_WORDS = {
    "exactly": "",
    "about": "about ",
    "more_than": "more than ",
    "less_than": "less than ",
}


def quantity_in_words(figure: dict) -> str:
    """A figure's qualified value and unit, e.g. ``more than 1,200,000 vehicles``."""
    value = float(figure["value"])
    number = f"{int(value):,}" if value.is_integer() else f"{value:,.15g}"
    amount = f"{number}%" if figure["unit"] == "percent" else f"{number} {figure['unit']}"
    return _QUALIFIER_WORDS.get(figure["qualifier"], "") + amount


def figure_in_words(figure: dict) -> str:
    """A figure and what it counts, e.g. ``288 people: Chinese nationals repatriated by ICE``."""
    return f"{quantity_in_words(figure)}: {figure['counted']}"
