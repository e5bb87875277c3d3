"""TempEval-3 task A scores for TIMEX3: how well found temporal expressions match a gold set.

The measures are those of TempEval-3's entity evaluation (``evaluate_entities.py`` in its
toolkit, after TimeML-Normalizer has paired the entities of the two annotations):

- gold and found TIMEX3 are paired one to one: in text order, each gold TIMEX3 takes the
  still unpaired found TIMEX3 that overlaps it most (the earlier on a tie), if any;
- strict span: a pair with exactly the same characters; relaxed span: any pair;
  precision over found, recall over gold, F1 their harmonic mean;
- value (type) accuracy: pairs with the same TIMEX3 value (type), over pairs; value (type)
  F1: the same pairs counted as hits, over found and gold, which is accuracy times relaxed
  F1, as TempEval-3 computes it;
- DATE value F1 (not a TempEval-3 measure, the figure issue 17 asks for): value F1 with both
  sides kept to TIMEX3 of type DATE.

The DCT is never scored: it lies outside the ``TEXT`` element.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from service.drafts.resolver import find_expressions
from service.drafts.resolver.evaluation import f1_score
from service.drafts.timeml import NotTimeML, TimeMLDocument, Timex, read_timeml, timexes_of

Finder = Callable[[str, date], Iterable[Timex]]
DATE = "DATE"


@dataclass
class TimexScores:
    gold: int = 0
    found: int = 0
    strict: int = 0
    relaxed: int = 0
    right_values: int = 0
    right_types: int = 0

    def add(self, other: "TimexScores") -> None:
        for name in ("gold", "found", "strict", "relaxed", "right_values", "right_types"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def f1(self, hits: int) -> float:
        return f1_score(hits, found=self.found, gold=self.gold)

    @property
    def strict_f1(self) -> float:
        return self.f1(self.strict)

    @property
    def relaxed_f1(self) -> float:
        return self.f1(self.relaxed)

    @property
    def relaxed_precision(self) -> float:
        return self.relaxed / self.found if self.found else 0.0

    @property
    def relaxed_recall(self) -> float:
        return self.relaxed / self.gold if self.gold else 0.0

    @property
    def value_f1(self) -> float:
        return self.f1(self.right_values)

    @property
    def type_f1(self) -> float:
        return self.f1(self.right_types)

    @property
    def value_accuracy(self) -> float:
        return self.right_values / self.relaxed if self.relaxed else 0.0


@dataclass
class CorpusScores:
    """Every TIMEX3, and the DATE ones alone; ``mistakes`` names each miss, spurious find
    and wrong value or type, one line each."""

    documents: int = 0
    all: TimexScores = field(default_factory=TimexScores)
    date: TimexScores = field(default_factory=TimexScores)
    mistakes: list[str] = field(default_factory=list)


def pair_timexes(
    gold: Iterable[Timex], found: Iterable[Timex]
) -> tuple[list[tuple[Timex, Timex]], list[Timex], list[Timex]]:
    """One-to-one pairs of overlapping gold and found TIMEX3, the gold left unpaired (missed)
    and the found left unpaired (spurious)."""
    available = sorted(found, key=lambda timex: (timex.start, timex.end))
    pairs, missed = [], []
    for one in sorted(gold, key=lambda timex: (timex.start, timex.end)):
        overlapping = [t for t in available if t.start < one.end and one.start < t.end]
        if not overlapping:
            missed.append(one)
            continue
        best = max(overlapping, key=lambda t: min(t.end, one.end) - max(t.start, one.start))
        available.remove(best)
        pairs.append((one, best))
    return pairs, missed, available


def score_timexes(gold: Iterable[Timex], found: Iterable[Timex]) -> TimexScores:
    gold, found = list(gold), list(found)
    pairs, _, _ = pair_timexes(gold, found)
    return TimexScores(
        gold=len(gold),
        found=len(found),
        strict=sum((g.start, g.end) == (f.start, f.end) for g, f in pairs),
        relaxed=len(pairs),
        right_values=sum(g.value == f.value for g, f in pairs),
        right_types=sum(g.type == f.type for g, f in pairs),
    )


def resolver_timexes(text: str, dct: date) -> tuple[Timex, ...]:
    """What the date resolver finds in ``text`` published on ``dct``, as TIMEX3."""
    return timexes_of(find_expressions(text, dct))


def score_documents(
    documents: Iterable[TimeMLDocument], finder: Finder = resolver_timexes
) -> CorpusScores:
    scores = CorpusScores()
    for document in documents:
        found = list(finder(document.text, document.dct))
        scores.documents += 1
        scores.all.add(score_timexes(document.timexes, found))
        scores.date.add(score_timexes(_dates(document.timexes), _dates(found)))
        scores.mistakes.extend(_mistakes(document, found))
    return scores


def _dates(timexes: Iterable[Timex]) -> list[Timex]:
    return [timex for timex in timexes if timex.type == DATE]


def _mistakes(document: TimeMLDocument, found: list[Timex]) -> Iterable[str]:
    pairs, missed, spurious = pair_timexes(document.timexes, found)
    where = f"{document.docid} ({document.dct})"

    def said(timex: Timex) -> str:
        return f"{document.text[timex.start : timex.end]!r} {timex.type} {timex.value}"

    for gold, got in pairs:
        if (gold.type, gold.value) != (got.type, got.value):
            yield f"{where} wrong: {said(got)}, gold {said(gold)}"
    yield from (f"{where} missed: {said(gold)}" for gold in missed)
    yield from (f"{where} spurious: {said(got)}" for got in spurious)


def read_folder(folder: Path, names: Iterable[str] | None = None) -> list[TimeMLDocument]:
    """The TimeML documents of ``folder`` (every ``*.tml`` under it, by path), or only those
    of ``names`` (paths relative to it)."""
    paths = sorted(folder.rglob("*.tml")) if names is None else [folder / name for name in names]
    return [_read_document(path) for path in paths]


def _read_document(path: Path) -> TimeMLDocument:
    try:
        return read_timeml(path.read_bytes())
    except NotTimeML as error:
        raise NotTimeML(f"{path}: {error}") from None


def timeml_finder(documents: Iterable[TimeMLDocument]) -> Finder:
    """A finder that answers with another annotation of the same texts (a system's output
    folder, as TempEval-3's scorer compares two folders), matched by text."""
    by_text = {document.text: document.timexes for document in documents}

    def finder(text: str, dct: date) -> tuple[Timex, ...]:
        if text not in by_text:
            raise LookupError("the system annotation has no document with this text")
        return by_text[text]

    return finder


def read_split(folder: Path) -> dict[str, list[str]]:
    """The parts of a corpus as its ``split.txt`` lists them: part name to file paths."""
    parts: dict[str, list[str]] = {}
    for line in (folder / "split.txt").read_text(encoding="utf-8").splitlines():
        part, name = line.split()
        parts.setdefault(part, []).append(name)
    return parts


def split_documents(folder: Path) -> dict[str, list[TimeMLDocument]]:
    """The documents of ``folder`` by part, as its ``split.txt`` lists them, or all of them
    as one part ``all`` if it has none."""
    if not (folder / "split.txt").exists():
        return {"all": read_folder(folder)}
    return {part: read_folder(folder, names) for part, names in read_split(folder).items()}


def scores_table(rows: dict[str, CorpusScores]) -> str:
    """A Markdown table of TempEval-3 figures, one row per scored part."""
    lines = [
        "| Part | Documents | Gold | Found | Strict span F1 | Relaxed span F1 | Value F1 "
        "| DATE value F1 | Type F1 | Relaxed P | Relaxed R |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for part, scores in rows.items():
        every = scores.all
        figures = (
            every.strict_f1,
            every.relaxed_f1,
            every.value_f1,
            scores.date.value_f1,
            every.type_f1,
            every.relaxed_precision,
            every.relaxed_recall,
        )
        cells = [part, str(scores.documents), str(every.gold), str(every.found)]
        lines.append("| " + " | ".join(cells + [f"{f:.3f}" for f in figures]) + " |")
    return "\n".join(lines) + "\n"
