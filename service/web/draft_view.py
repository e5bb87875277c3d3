"""The draft page's view model: the text cut into plain pieces and marked expressions."""

from dataclasses import dataclass
from datetime import date

from service.core.display_dates import human_date
from service.drafts.resolver import Expression


@dataclass(frozen=True)
class Piece:
    text: str
    expression: Expression | None = None
    number: int = 0
    words: str = ""


@dataclass(frozen=True)
class Row:
    number: int
    phrase: str
    kind: str
    edtf: str | None
    words: str
    resolved_from: str | None
    reason: str | None


@dataclass(frozen=True)
class DraftView:
    published_words: str
    pieces: list[Piece]
    rows: list[Row]
    resolved: list[Expression]
    unresolved: list[Expression]


def draft_view(text: str, published: date, expressions: list[Expression]) -> DraftView:
    pieces, rows, position = [], [], 0
    for number, expression in enumerate(expressions, 1):
        words = human_date(expression.date.edtf) if expression.date else "not dated"
        pieces.append(Piece(text[position : expression.start]))
        pieces.append(Piece(expression.phrase, expression, number, words))
        rows.append(
            Row(
                number,
                expression.phrase,
                expression.kind,
                expression.date.edtf if expression.date else None,
                words,
                expression.resolved_from,
                expression.reason,
            )
        )
        position = expression.end
    pieces.append(Piece(text[position:]))
    return DraftView(
        published_words=human_date(published.isoformat()),
        pieces=pieces,
        rows=rows,
        resolved=[e for e in expressions if e.date],
        unresolved=[e for e in expressions if not e.date],
    )
