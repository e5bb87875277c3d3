"""Train the TIMEX3 model (``timex_model``) on TimeML documents; measure it against the rules.

    python -m bench.timex_training tests/data/tbaq --part tuning --out FILE --folds 5 \
        --measure heldout [--gold tests/data/drafts_gold/tuning.txt ...]

The model is not used by the service (bench/RESULTS.md says why), so it and its training
live with the benchmarks; ``python-crfsuite`` is a test dependency.

Training is deterministic: the documents are read in order of their DOCID, and CRFsuite's
L-BFGS has no random start. ``cross_validate`` splits the documents by DOCID order into
folds (document ``i`` in fold ``i % folds``), trains on all but one fold and scores the
rules alone and each of ``timex_model.DESIGNS`` on the fold left out, summed over folds.
"""

import os
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from bench.timex_model import (
    DESIGNS,
    Tagged,
    amend,
    open_tagger,
    tag_text,
    training_sequences,
)
from service.config import from_environment
from service.drafts.resolver import Expression, find_expressions
from service.drafts.resolver.evaluation import GoldDocument, Scores, read_gold, score
from service.drafts.scoring import CorpusScores, score_documents, scores_table, split_documents
from service.drafts.timeml import NotTimeML, TimeMLDocument, timexes_of
from service.files.paths import RefusedPath, check_file_path

RULES_ALONE = "rules alone"
# L1 (c1) prunes features to a small model; c2 smooths the rest. Chosen on the tuning part.
TRAINING_PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 100, "feature.minfreq": 1}


def train_model(documents: Iterable[TimeMLDocument], out: Path) -> None:
    """Train on ``documents``' gold TIMEX3, the rules' expressions among the features, and
    write the model to ``out``: trained into a file beside it, which replaces it only once
    CRFsuite has written the whole model."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(TRAINING_PARAMS)
    for document in _in_order(documents):
        gold = [(t.start, t.end, t.type) for t in document.timexes]
        expressions = find_expressions(document.text, document.dct)
        for features, tags in training_sequences(document.text, expressions, gold):
            trainer.append(features, tags)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        trainer.train(str(partial))
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


def measure(documents: Iterable[TimeMLDocument], tagger) -> dict[str, CorpusScores]:
    """TempEval-3 scores of the rules alone and of each design with ``tagger``."""
    scores = {name: CorpusScores() for name in (RULES_ALONE, *DESIGNS)}
    for document in documents:
        expressions = find_expressions(document.text, document.dct)
        tagged = tag_text(document.text, expressions, tagger)
        for name, found in _answers(document, expressions, tagged).items():
            _add(scores[name], score_documents([document], lambda text, dct, f=found: f))
    return scores


def measure_gold(documents: Iterable[GoldDocument], tagger) -> dict[str, Scores]:
    """The project's own gold set (``resolver.evaluation``) scored for the rules alone and
    for each design with ``tagger``: its spans follow its own convention, not TimeBank's."""
    documents = list(documents)

    def amended(design: str):
        def finder(text: str, published: date) -> list[Expression]:
            expressions = find_expressions(text, published)
            tagged = tag_text(text, expressions, tagger)
            return amend(text, expressions, tagged, design, _span_resolver(text, published))

        return finder

    scores = {RULES_ALONE: score(documents)}
    scores.update({design: score(documents, amended(design)) for design in DESIGNS})
    return scores


def gold_table(rows: dict[str, Scores]) -> str:
    """A Markdown table of the gold set's figures, one row per design."""
    lines = [
        "| Design | Found | Strict span F1 | Relaxed span F1 | Value accuracy | Value F1 |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in rows.items():
        figures = (s.strict_span_f1, s.relaxed_span_f1, s.value_accuracy, s.value_f1)
        lines.append(f"| {name} | {s.found} | " + " | ".join(f"{f:.3f}" for f in figures) + " |")
    return "\n".join(lines) + "\n"


def cross_validate(documents: Iterable[TimeMLDocument], folds: int = 5) -> dict[str, CorpusScores]:
    """Scores summed over ``folds`` folds by document: each fold scored by a model trained
    on the others."""
    documents = _in_order(documents)
    if not 2 <= folds <= len(documents):
        raise ValueError(
            f"cannot split {len(documents)} documents into {folds} folds: "
            f"give from 2 to {len(documents)}"
        )
    totals: dict[str, CorpusScores] = {}
    with tempfile.TemporaryDirectory() as folder:
        for fold in range(folds):
            held = [d for i, d in enumerate(documents) if i % folds == fold]
            trained = [d for i, d in enumerate(documents) if i % folds != fold]
            path = Path(folder) / f"fold{fold}.crfsuite"
            train_model(trained, path)
            for name, scores in measure(held, open_tagger(path)).items():
                _add(totals.setdefault(name, CorpusScores()), scores)
    return totals


def _answers(
    document: TimeMLDocument, expressions: list[Expression], tagged: list[Tagged]
) -> dict[str, tuple]:
    resolver = _span_resolver(document.text, document.dct)
    answers = {RULES_ALONE: timexes_of(expressions)}
    for design in DESIGNS:
        answers[design] = timexes_of(amend(document.text, expressions, tagged, design, resolver))
    return answers


def _span_resolver(text: str, published: date):
    """The resolver read on a span's text alone: its one expression there, placed in the
    text, or None."""

    def resolve(type_: str, start: int, end: int) -> Expression | None:
        found = find_expressions(text[start:end], published)
        if len(found) != 1:
            return None
        one = found[0]
        return replace(one, start=start + one.start, end=start + one.end)

    return resolve


def _in_order(documents: Iterable[TimeMLDocument]) -> list[TimeMLDocument]:
    return sorted(documents, key=lambda document: document.docid)


def _add(total: CorpusScores, more: CorpusScores) -> None:
    total.documents += more.documents
    total.all.add(more.all)
    total.date.add(more.date)
    total.mistakes.extend(more.mistakes)


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--part", help="Train on this part of the split only (tuning).")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the model (CRFsuite's file).",
)
@click.option(
    "--folds",
    type=click.IntRange(min=0),
    default=0,
    help="First cross-validate by document in this many folds of the training documents.",
)
@click.option(
    "--measure",
    "measure_part",
    help="Then score the trained model on this other part (heldout): once per design.",
)
@click.option(
    "--gold",
    "gold_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Then score it on this file of the project's own gold set (repeatable).",
)
def main(folder, part, out, folds, measure_part, gold_files):
    """Train the TIMEX3 model on FOLDER's TimeML (*.tml) and measure it against the rules.

    The model (CRFsuite) tags TIMEX3 spans and types with the rules' own tags among its
    features. With --folds, prints the rules alone beside each way the model could amend
    them, cross-validated; with --measure, the same for the model trained on all of them,
    on another part. Deterministic: the same documents give the same model. --out is
    checked like every file the service writes (service/files/paths.py: never the database,
    its files or another database) and replaced only once the model is whole.
    """
    try:
        check_file_path(out, database=from_environment()["TIMELINE_DB"], keep_databases=True)
    except RefusedPath as error:
        raise click.ClickException(str(error)) from None
    try:
        parts = split_documents(folder)
        for name in (part, measure_part):
            if name is not None and name not in parts:
                raise LookupError(f"no part {name!r}: the parts are {', '.join(parts)}")
        training = parts[part] if part else [d for docs in parts.values() for d in docs]
        if folds:
            click.echo(f"cross-validation, {folds} folds by document:")
            click.echo(scores_table(cross_validate(training, folds)))
        train_model(training, out)
        click.echo(f"wrote {out} ({out.stat().st_size:,} bytes)")
        if measure_part:
            click.echo(f"trained on {part or 'all'}, scored on {measure_part}:")
            click.echo(scores_table(measure(parts[measure_part], open_tagger(out))))
        for gold in gold_files:
            click.echo(f"trained on {part or 'all'}, scored on {gold}:")
            click.echo(gold_table(measure_gold(read_gold(gold), open_tagger(out))))
    except ImportError as error:
        raise click.ClickException(
            f"{error.name} is not installed: it is a test dependency (make .venv/.installed-test)"
        ) from None
    except (NotTimeML, LookupError, OSError, ValueError) as error:
        raise click.ClickException(str(error)) from None


if __name__ == "__main__":
    main()
