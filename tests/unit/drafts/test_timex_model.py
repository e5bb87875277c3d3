"""The TIMEX3 model (bench/timex_model.py) and the command that trains and measures it.

A tiny hand-made corpus, written here as TimeML, trains a model in well under a second: it
must tag its own training sentences as their gold says, where the rules alone do not, and the
same documents must give the same model file byte for byte.
"""

import sqlite3
import sys
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from bench.timex_model import (
    OUTSIDE,
    Tagged,
    amend,
    model_spans,
    open_tagger,
    span_tags,
    tag_text,
)
from bench.timex_training import cross_validate, train_model
from bench.timex_training import main as train_command
from service.drafts.resolver import find_expressions
from service.drafts.resolver.tokens import tokenize
from service.drafts.timeml import TimeMLDocument, Timex, write_timeml

DCT = date(1998, 3, 4)
# Each sentence with its gold TIMEX3 (phrase, type, value): TimeBank's convention, where the
# span takes "early" and "nearly" and leaves "since" out, unlike the rules'.
SENTENCES = [
    ("The board met early this week.", [("early this week", "DATE", "1998-W10")]),
    ("Shares rose early this week.", [("early this week", "DATE", "1998-W10")]),
    ("Prices have risen since 1993.", [("1993", "DATE", "1993")]),
    ("Sales have doubled since 1990.", [("1990", "DATE", "1990")]),
    ("The talks lasted nearly two years.", [("nearly two years", "DURATION", "P2Y")]),
    ("The strike lasted nearly two weeks.", [("nearly two weeks", "DURATION", "P2W")]),
]


def document(number: int, text: str, gold: list[tuple[str, str, str]]) -> TimeMLDocument:
    timexes = tuple(
        Timex(text.index(phrase), text.index(phrase) + len(phrase), type_, value)
        for phrase, type_, value in gold
    )
    return TimeMLDocument(f"doc{number:02}", DCT, text, timexes)


CORPUS = [document(n, text, gold) for n, (text, gold) in enumerate(SENTENCES * 2)]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "tiny.crfsuite"
    train_model(CORPUS, path)
    return path


def spans_found(text: str, tagger) -> list[str]:
    expressions = find_expressions(text, DCT)
    return [
        text[s:e] for one in tag_text(text, expressions, tagger) for s, e, _ in model_spans(one)
    ]


@pytest.mark.parametrize(("text", "gold"), SENTENCES)
def test_a_model_trained_on_a_tiny_corpus_tags_its_own_sentences(model, text, gold):
    assert spans_found(text, open_tagger(model)) == [phrase for phrase, _, _ in gold]


def test_the_rules_alone_give_other_bounds_which_the_model_amends(model):
    text = "The board met early this week."
    expressions = find_expressions(text, DCT)
    assert [e.phrase for e in expressions] == ["this week"]
    tagged = tag_text(text, expressions, open_tagger(model))
    (amended,) = amend(text, expressions, tagged, "bounds")
    assert (amended.phrase, text[amended.start : amended.end]) == ("early this week",) * 2
    assert (amended.timex_value, amended.date) == (expressions[0].timex_value, expressions[0].date)


def test_the_same_documents_give_the_same_model(model, tmp_path):
    again = tmp_path / "again.crfsuite"
    train_model(list(reversed(CORPUS)), again)
    assert again.read_bytes() == model.read_bytes()


def test_cross_validation_scores_the_rules_alone_and_every_design():
    scores = cross_validate(CORPUS, folds=2)
    assert list(scores) == ["rules alone", "screen", "bounds", "types", "recall"]
    assert {s.documents for s in scores.values()} == {len(CORPUS)}
    assert scores["rules alone"].all.strict < scores["bounds"].all.strict == len(CORPUS)


def test_cross_validation_needs_two_folds_and_a_document_in_each():
    for folds in (1, len(CORPUS) + 1):
        with pytest.raises(ValueError, match=f"into {folds} folds: give from 2 to 12"):
            cross_validate(CORPUS, folds)


def tagged(text: str, tags: list[str], chances: list[float] | None = None) -> Tagged:
    tokens = tokenize(text)
    return Tagged(tokens, tags, chances or [0.0 if t == OUTSIDE else 1.0 for t in tags])


def test_bounds_leave_an_expression_alone_unless_spans_meet_one_to_one():
    text = "Sales fell on Monday last week."
    expressions = find_expressions(text, DCT)
    assert [e.phrase for e in expressions] == ["Monday", "last week"]
    one_span = tagged(text, ["O", "O", "O", "B-DATE", "I-DATE", "I-DATE", "O"])
    assert amend(text, expressions, [one_span], "bounds") == expressions


def test_screen_drops_what_the_model_is_sure_is_no_timex_and_types_retype():
    text = "Shares rose 5 % today, and fell on Friday."
    expressions = find_expressions(text, DCT)
    assert [e.phrase for e in expressions] == ["today", "Friday"]
    tags = ["O"] * 9 + ["B-TIME", "O"]
    screened = amend(text, expressions, [tagged(text, tags)], "screen")
    assert [e.phrase for e in screened] == ["Friday"]
    (_, friday) = amend(text, expressions, [tagged(text, tags)], "types")
    assert friday.timex_type == "TIME" and friday.timex_value == expressions[1].timex_value


def test_recall_adds_only_what_the_rules_missed_and_no_value_the_resolver_cannot_give():
    text = "It fell in 1997 and over the span."
    expressions = find_expressions(text, DCT)
    assert [e.phrase for e in expressions] == ["1997"]
    tags = ["O", "O", "B-DATE", "I-DATE", "O", "O", "B-DURATION", "I-DURATION", "O"]
    added = amend(text, expressions, [tagged(text, tags)], "recall", lambda *span: None)
    found = [(text[e.start : e.end], e.timex_type, e.timex_value) for e in added]
    assert found == [("1997", "DATE", "1997"), ("the span", "DURATION", "")]


WORDS = st.sampled_from(["early", "this", "week", "Friday's", "1993", ".", "'s", "x"])


@given(st.lists(st.one_of(WORDS, st.text(max_size=4)), max_size=12), st.data())
def test_tags_read_back_as_the_spans_they_were_made_from(words, data):
    """Any text, any runs of its tokens marked: the tags give the same spans back."""
    text = " ".join(words)
    tokens = tokenize(text)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(tokens)), max_size=6)))
    runs = list(pairwise(cuts))[::2]
    spans = [
        (tokens[a].start, tokens[b - 1].end - (2 if tokens[b - 1].possessive else 0), "DATE")
        for a, b in runs
    ]
    tags = span_tags(tokens, spans)
    assert model_spans(Tagged(tokens, tags, [1.0] * len(tokens))) == spans


def write_corpus(folder, documents, parts):
    folder.mkdir()
    lines = []
    for one, part in zip(documents, parts, strict=True):
        (folder / f"{one.docid}.tml").write_bytes(write_timeml(one))
        lines.append(f"{part} {one.docid}.tml")
    (folder / "split.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_command_cross_validates_trains_and_measures_on_another_part(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, CORPUS, ["tuning"] * 8 + ["heldout"] * 4)
    out = tmp_path / "model.crfsuite"
    arguments = [str(corpus), "--part", "tuning", "--out", str(out)]
    result = CliRunner().invoke(train_command, [*arguments, "--folds", "2", "--measure", "heldout"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out} ({out.stat().st_size:,} bytes)" in result.output
    rows = [line.split(" | ")[0] for line in result.output.splitlines() if line.startswith("| ")]
    designs = ["| rules alone", "| screen", "| bounds", "| types", "| recall"]
    assert rows == ["| Part", *designs, "| Part", *designs]


@pytest.mark.parametrize(
    ("more", "complaint"),
    [
        (["--part", "nowhere"], "no part 'nowhere': the parts are tuning, heldout"),
        (["--part", "tuning", "--measure", "nowhere"], "no part 'nowhere'"),
        (["--part", "heldout", "--folds", "9"], "cannot split 4 documents into 9 folds"),
    ],
)
def test_the_command_says_what_is_wrong_without_a_traceback(tmp_path, more, complaint):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, CORPUS, ["tuning"] * 8 + ["heldout"] * 4)
    out = tmp_path / "model.crfsuite"
    result = CliRunner().invoke(train_command, [str(corpus), "--out", str(out), *more])
    assert result.exit_code == 1 and complaint in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_without_the_library_the_command_says_which_and_where_it_comes_from(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, CORPUS, ["tuning"] * 8 + ["heldout"] * 4)
    monkeypatch.setitem(sys.modules, "pycrfsuite", None)  # import pycrfsuite now fails
    out = tmp_path / "model.crfsuite"
    result = CliRunner().invoke(train_command, [str(corpus), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "pycrfsuite is not installed: it is a test dependency" in result.output
    assert not out.exists()


def refused_outputs(tmp_path: Path) -> dict[str, Path]:
    """What --out must never be: the configured database and its files, another database,
    a directory, a device."""
    database = tmp_path / "timeline.db"
    other = tmp_path / "other.db"
    for path in (database, other):
        sqlite3.connect(path).execute("CREATE TABLE kept (x)").connection.close()
    (tmp_path / "timeline.db-wal").write_bytes(b"wal")
    (tmp_path / "a-directory").mkdir()
    return {
        "the database": database,
        "its WAL": tmp_path / "timeline.db-wal",
        "another database": other,
        "a directory": tmp_path / "a-directory",
        "a device": Path("/dev/null"),
        "a missing directory": tmp_path / "nowhere" / "model.crfsuite",
    }


@pytest.mark.parametrize(
    "refused",
    [
        "the database",
        "its WAL",
        "another database",
        "a directory",
        "a device",
        "a missing directory",
    ],
)
def test_the_command_never_writes_its_model_over_what_it_did_not_create(
    tmp_path, monkeypatch, refused
):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, CORPUS, ["tuning"] * 8 + ["heldout"] * 4)
    targets = refused_outputs(tmp_path)
    monkeypatch.setenv("TIMELINE_DB", str(tmp_path / "timeline.db"))
    out = targets[refused]
    before = out.read_bytes() if out.is_file() else None
    result = CliRunner().invoke(train_command, [str(corpus), "--out", str(out)])
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    if before is not None:
        assert out.read_bytes() == before
    assert not list(tmp_path.glob(".*.partial"))


def test_the_model_replaces_an_earlier_model_whole(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, CORPUS, ["tuning"] * 8 + ["heldout"] * 4)
    out = tmp_path / "model.crfsuite"
    out.write_bytes(b"an earlier model")
    result = CliRunner().invoke(train_command, [str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() != b"an earlier model" and out.stat().st_size > 1000
    assert not list(tmp_path.glob(".*.partial"))
