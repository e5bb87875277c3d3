"""Whether an expression sits in a clause about the past or the future.

Only a month, a day or a weekday without a year needs this ("in February", "on Tuesday").
The nearest tense marker before the expression in its own clause decides; failing that, the
nearest after it in the clause; failing that, the nearest before it in the sentence. With no
marker at all the answer is None, and each rule says what it then assumes (mostly the
past, as news reports it).

Each look is bounded: at most ``CLAUSE_WINDOW`` tokens either side within the clause and
``SENTENCE_WINDOW`` before it in the sentence, so a sentence of many expressions costs time
linear in its length (an unbounded look made a long run of dates quadratic).
"""

from service.drafts.resolver.tokens import Token

PAST = "past"
FUTURE = "future"

_FUTURE_WORDS = frozenset(
    [
        "will",
        "shall",
        "won't",
        "'ll",
        "would",
        "going",
        "due",
        "expect",
        "expects",
        "expected",
        "plan",
        "plans",
        "planned",
        "planning",
        "scheduled",
        "upcoming",
        "intends",
        "intend",
        "aims",
        "hopes",
        "might",
        "soon",
        "tomorrow",
    ]
)
_PAST_WORDS = frozenset(
    [
        "was",
        "were",
        "had",
        "did",
        "said",
        "told",
        "met",
        "began",
        "rose",
        "fell",
        "went",
        "came",
        "took",
        "gave",
        "made",
        "left",
        "found",
        "saw",
        "won",
        "lost",
        "held",
        "paid",
        "led",
        "sent",
        "spent",
        "stood",
        "struck",
        "thought",
        "became",
        "brought",
        "built",
        "bought",
        "drew",
        "got",
        "grew",
        "hit",
        "kept",
        "knew",
        "ran",
        "sold",
        "spoke",
        "wrote",
        "ago",
        "yesterday",
    ]
)
# Words ending in -ed that are no past participle ("will succeed", "exceed", "indeed").
_NOT_PAST_ED = frozenset(
    ["succeed", "proceed", "exceed", "indeed", "speed", "breed", "bleed", "embed", "hundred"]
)
_PASSIVE_BEFORE = frozenset(["be", "been", "being", "is", "are", "am"])
_FINITE_ONLY = frozenset(["was", "were", "had", "did", "ago", "yesterday"])
CLAUSE_WINDOW = 12
SENTENCE_WINDOW = 30
_CLAUSE_BREAKS = frozenset(
    [",", ";", ":", "and", "but", "that", "while", "which", "who", "whereas"]
)


_BREAK = "break"  # a clause break, in a sentence's list of markers


def sentence_markers(tokens: list[Token]) -> list[str | None]:
    """Each token's mark, once per sentence: FUTURE, PAST, a clause break, or None."""
    marks = []
    for index, token in enumerate(tokens):
        word = token.norm
        breaks = word in _CLAUSE_BREAKS and not _joins_names(tokens, index)
        marks.append(_BREAK if breaks else _marker(tokens, index, word))
    return marks


def _joins_names(tokens: list[Token], index: int) -> bool:
    """``and`` between two names (``Australia and India``) joins words, not clauses."""
    if tokens[index].norm not in ("and", "or") or not 0 < index < len(tokens) - 1:
        return False
    return tokens[index - 1].capitalised and tokens[index + 1].capitalised


def tense_at(marks: list[str | None], first: int, last: int) -> tuple[str | None, bool]:
    """The tense around ``tokens[first:last]`` (``marks`` from ``sentence_markers``):
    ``PAST``, ``FUTURE``, or None (no marker); and whether a marker in the expression's own
    clause decided it (False when only one earlier in the sentence did: weaker evidence)."""
    before_in_clause = range(first - 1, max(first - 1 - CLAUSE_WINDOW, -1), -1)
    after_in_clause = range(last, min(last + CLAUSE_WINDOW, len(marks)))
    in_clause = _nearest(marks, before_in_clause, stop_at_clause=True) or _nearest(
        marks, after_in_clause, stop_at_clause=True
    )
    if in_clause is not None:
        return in_clause, True
    before_in_sentence = range(first - 1, max(first - 1 - SENTENCE_WINDOW, -1), -1)
    return _nearest(marks, before_in_sentence, stop_at_clause=False), False


def _nearest(marks: list[str | None], indexes: range, *, stop_at_clause: bool) -> str | None:
    for index in indexes:
        mark = marks[index]
        if mark is _BREAK:
            if stop_at_clause:
                return None
        elif mark is not None:
            return mark
    return None


def _marker(tokens: list[Token], index: int, word: str) -> str | None:
    """FUTURE or PAST for a marker word; a participle after ``be`` (``will be held``) is none."""
    if word in _FUTURE_WORDS or word.endswith("'ll") or _set_to(tokens, index, word):
        return FUTURE
    participle = word in _PAST_WORDS or (
        len(word) > 4 and word.endswith("ed") and word.isalpha() and word not in _NOT_PAST_ED
    )
    if not participle:
        return None
    passive = word not in _FINITE_ONLY and index > 0 and tokens[index - 1].norm in _PASSIVE_BEFORE
    return None if passive else PAST


def _set_to(tokens: list[Token], index: int, word: str) -> bool:
    """``set to`` (``talks set to resume Monday``) looks ahead, as ``due to`` does."""
    return word == "set" and index + 1 < len(tokens) and tokens[index + 1].norm == "to"
