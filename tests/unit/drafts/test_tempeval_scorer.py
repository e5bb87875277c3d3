"""The TempEval-3 scorer, on a hand-made corpus whose figures were counted by hand.

tests/data/tempeval_scorer/ holds two gold documents and a system's annotation of the same
texts. Gold has 7 TIMEX3, the system 7. Paired (overlapping, one to one): 6, of which 3 have
exactly the gold characters ("8 April 2024", "Monday", "Every morning"); the other 3 overlap
partly ("lasted two weeks", "at 9 a.m.", "five" for "five years"). "last year" is missed,
"trade" is spurious. Values: "Monday" (a week off) and "five" (P4Y) are wrong, 4 right.
Types: "Every morning" is DATE for gold's SET, 5 right. DATE only: gold 3, system 4
("Every morning" and "trade" are DATE to the system), 2 paired, 1 with the right value.
"""

import pytest

from service.drafts.scoring import (
    TimexScores,
    pair_timexes,
    read_folder,
    score_documents,
    score_timexes,
    timeml_finder,
)
from service.drafts.timeml import NotTimeML, Timex, read_timeml
from tests.helpers import REPO

CORPUS = REPO / "tests" / "data" / "tempeval_scorer"


@pytest.fixture(scope="module")
def scores():
    system = read_folder(CORPUS / "system")
    return score_documents(read_folder(CORPUS / "gold"), timeml_finder(system))


def test_counts_match_the_hand_count(scores):
    assert scores.documents == 2
    assert scores.all == TimexScores(
        gold=7, found=7, strict=3, relaxed=6, right_values=4, right_types=5
    )
    assert scores.date == TimexScores(
        gold=3, found=4, strict=2, relaxed=2, right_values=1, right_types=2
    )


def test_figures_are_tempeval_3s(scores):
    assert scores.all.strict_f1 == pytest.approx(3 / 7)
    assert scores.all.relaxed_f1 == pytest.approx(6 / 7)
    assert scores.all.relaxed_precision == pytest.approx(6 / 7)
    assert scores.all.relaxed_recall == pytest.approx(6 / 7)
    assert scores.all.value_f1 == pytest.approx(4 / 7)
    assert scores.all.type_f1 == pytest.approx(5 / 7)
    assert scores.all.value_accuracy == pytest.approx(4 / 6)
    # TempEval-3: attribute F1 is attribute accuracy over paired TIMEX3 times relaxed F1.
    assert scores.all.value_f1 == pytest.approx(scores.all.value_accuracy * 6 / 7)
    # DATE only: precision 1/4, recall 1/3.
    assert scores.date.value_f1 == pytest.approx(2 * (1 / 4) * (1 / 3) / (1 / 4 + 1 / 3))


def test_every_mistake_is_named_once(scores):
    assert sorted(scores.mistakes) == [
        "market (1998-01-08) wrong: 'Every morning' DATE XXXX-XX-XXTMO, "
        "gold 'Every morning' SET XXXX-XX-XXTMO",
        "market (1998-01-08) wrong: 'five' DURATION P4Y, gold 'five years' DURATION P5Y",
        "talks (2024-04-08) missed: 'last year' DATE 2023",
        "talks (2024-04-08) spurious: 'trade' DATE PRESENT_REF",
        "talks (2024-04-08) wrong: 'Monday' DATE 2024-04-08, gold 'Monday' DATE 2024-04-01",
    ]


def test_a_perfect_system_scores_one_and_an_empty_one_zero():
    gold = read_folder(CORPUS / "gold")
    perfect = score_documents(gold, timeml_finder(gold)).all
    assert (perfect.strict_f1, perfect.relaxed_f1, perfect.value_f1, perfect.type_f1) == (
        1.0,
        1.0,
        1.0,
        1.0,
    )
    nothing = score_documents(gold, lambda text, dct: []).all
    assert (nothing.found, nothing.relaxed_f1, nothing.value_f1) == (0, 0.0, 0.0)


def test_one_found_timex_pairs_with_one_gold_only():
    """Found as one TIMEX3, "Monday and Tuesday" matches one of the two gold ones, the one it
    overlaps most; the other is missed."""
    monday, tuesday = Timex(0, 6, "DATE", "2024-04-01"), Timex(11, 18, "DATE", "2024-04-02")
    both = Timex(3, 18, "DATE", "2024-04-02")
    pairs, missed, spurious = pair_timexes([monday, tuesday], [both])
    assert (pairs, missed, spurious) == ([(monday, both)], [tuesday], [])
    assert score_timexes([monday, tuesday], [both]) == TimexScores(2, 1, 0, 1, 0, 1)


def test_gold_offsets_count_the_text_without_tags_or_escapes():
    talks = read_timeml((CORPUS / "gold" / "talks.tml").read_bytes())
    phrases = [talks.text[t.start : t.end] for t in talks.timexes]
    assert phrases == ["8 April 2024", "two weeks", "Monday", "last year"]
    assert talks.text.startswith("\nTalks began on ") and "left & last" in talks.text
    assert str(talks.dct) == "2024-04-08"


def test_a_creation_time_with_a_time_of_day_gives_its_day():
    market = read_timeml((CORPUS / "gold" / "market.tml").read_bytes())
    assert str(market.dct) == "1998-01-08"


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        ("<TimeML><TEXT>no date", "not well-formed XML"),
        ("<TimeML><DCT/></TimeML>", "no TEXT element"),
        ("<TimeML><TEXT>x</TEXT></TimeML>", "CREATION_TIME"),
        (
            '<TimeML><TIMEX3 functionInDocument="CREATION_TIME" value="PRESENT_REF"/>'
            "<TEXT>x</TEXT></TimeML>",
            "'PRESENT_REF' is not a day",
        ),
    ],
)
def test_a_file_that_cannot_be_scored_says_why(document, complaint):
    with pytest.raises(NotTimeML, match=complaint):
        read_timeml(document)


def test_a_system_folder_must_hold_the_same_texts():
    finder = timeml_finder(read_folder(CORPUS / "system"))
    with pytest.raises(LookupError):
        finder("another text", None)


def test_read_folder_takes_every_tml_or_the_names_given():
    assert len(read_folder(CORPUS)) == 4
    assert [d.docid for d in read_folder(CORPUS, ["gold/market.tml"])] == ["market"]
