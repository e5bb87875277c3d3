"""``timeline score-timeml`` and ``timeline draft --format timeml``."""

from datetime import date

from click.testing import CliRunner

from service.cli import main
from service.drafts.resolver import find_expressions
from service.drafts.timeml import read_timeml, timexes_of
from tests.helpers import ARTICLE, REPO

CORPUS = REPO / "tests" / "data" / "tempeval_scorer"


def test_score_timeml_prints_tempeval_3s_figures_for_a_system_folder():
    result = CliRunner().invoke(
        main,
        ["score-timeml", str(CORPUS / "gold"), "--system", str(CORPUS / "system"), "--mistakes"],
    )
    assert result.exit_code == 0, result.output
    table, *mistakes = result.output.splitlines()[2:]
    assert table == "| all | 2 | 7 | 7 | 0.429 | 0.857 | 0.571 | 0.286 | 0.714 | 0.857 | 0.857 |"
    assert "talks (2024-04-08) missed: 'last year' DATE 2023" in mistakes


def test_score_timeml_scores_a_split_corpus_part_by_part(tmp_path):
    for name in ("talks.tml", "market.tml"):
        (tmp_path / name).write_bytes((CORPUS / "gold" / name).read_bytes())
    (tmp_path / "split.txt").write_text("heldout talks.tml\ntuning market.tml\n")
    result = CliRunner().invoke(main, ["score-timeml", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = [line.split(" | ")[:3] for line in result.output.splitlines()[2:]]
    assert rows == [["| heldout", "1", "4"], ["| tuning", "1", "3"]]


def test_score_timeml_part_scores_and_lists_mistakes_of_that_part_alone(tmp_path):
    for name in ("talks.tml", "market.tml"):
        (tmp_path / name).write_bytes((CORPUS / "gold" / name).read_bytes())
    (tmp_path / "split.txt").write_text("heldout talks.tml\ntuning market.tml\n")
    arguments = ["score-timeml", str(tmp_path), "--part", "tuning", "--mistakes"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    assert [line.split(" | ")[0] for line in result.output.splitlines()[2:3]] == ["| tuning"]
    assert "talks" not in result.output


def test_score_timeml_names_a_part_the_split_does_not_have(tmp_path):
    (tmp_path / "talks.tml").write_bytes((CORPUS / "gold" / "talks.tml").read_bytes())
    (tmp_path / "split.txt").write_text("heldout talks.tml\n")
    result = CliRunner().invoke(main, ["score-timeml", str(tmp_path), "--part", "tuning"])
    assert result.exit_code == 1
    assert "no part 'tuning'" in result.output


def test_score_timeml_names_a_file_it_cannot_read(tmp_path):
    (tmp_path / "broken.tml").write_text("<TimeML><TEXT>no end")
    result = CliRunner().invoke(main, ["score-timeml", str(tmp_path)])
    assert result.exit_code == 1
    assert "broken.tml: not well-formed XML" in result.output


def test_draft_format_timeml_writes_the_article_as_timeml(tmp_path):
    output = tmp_path / "draft.tml"
    arguments = ["--published", "2024-04-08", "--format", "timeml", "-o", str(output)]
    result = CliRunner().invoke(main, ["draft", str(ARTICLE), *arguments])
    assert result.exit_code == 0, result.output
    document = read_timeml(output.read_bytes())
    text = ARTICLE.read_text(encoding="utf-8")
    assert (document.docid, document.dct, document.text) == (
        "asianews-2024-us-china-repatriation",
        date(2024, 4, 8),
        text,
    )
    assert document.timexes == timexes_of(find_expressions(text, date(2024, 4, 8)))
    assert f"wrote {len(document.timexes)} TIMEX3" in result.output
