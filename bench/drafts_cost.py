"""The resolver's cost on hostile texts: the worst time per 100 KB over adversarial shapes.

Each shape is a short unit repeated until the text is long enough: one date over and over,
a fiscal year over and over, numbers in words, digits only, and a long text with no sentence
end. A cost linear in the text gives the same time per KB at every size; a quadratic stage
shows as a time per KB that grows with the size. ``python -m bench.drafts_cost`` prints the
table that bench/RESULTS.md records; ``make bench-drafts`` prints it too.
"""

import argparse
import time
from datetime import date

from service.drafts.resolver import find_expressions

ADVERSARIAL_SHAPES = {
    "one date repeated": "8 April 2024 ",
    "a fiscal year repeated": "FY 23 ",
    "numbers in words": "twenty-one three hundred forty years two months ",
    "digits only": "12 2024 7 31 ",
    "no sentence ends": "on Friday, last week and two weeks ago in March 2024, ",
    "month-days with no year": "Nov. 21 and June 5 ",
}
PUBLISHED = date(2024, 4, 8)


def adversarial_text(unit: str, size: int) -> str:
    """``unit`` repeated to exactly ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def seconds_to_draft(text: str, runs: int = 3) -> float:
    """The fastest of ``runs`` drafts of ``text``: the least disturbed by a busy machine."""
    fastest = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        find_expressions(text, PUBLISHED)
        fastest = min(fastest, time.perf_counter() - began)
    return fastest


def cost_report(size: int = 100_000, runs: int = 3) -> str:
    lines = [f"## Cost on adversarial texts ({size:,} characters each, fastest of {runs})", ""]
    lines += ["| Shape | Seconds | ms per KB |", "|---|---|---|"]
    worst = 0.0
    for name, unit in ADVERSARIAL_SHAPES.items():
        seconds = seconds_to_draft(adversarial_text(unit, size), runs)
        worst = max(worst, seconds * 100_000 / size)
        lines.append(f"| {name} | {seconds:.3f} | {seconds * 1000_000 / size:.2f} |")
    lines += ["", f"Worst case per 100 KB: {worst:.3f} s"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="characters per text")
    parser.add_argument("--runs", type=int, default=3, help="drafts per shape; the fastest counts")
    arguments = parser.parse_args()
    print(cost_report(arguments.size, arguments.runs))
