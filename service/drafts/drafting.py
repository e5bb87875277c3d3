"""What ``POST /drafts`` and the draft page share: reading a draft request, the answer's shape.

The text comes as JSON ``{"text", "published", "source"}`` or as ``text/plain`` with the
publication day in the query; either way the body may hold ``DRAFT_MAX_BODY_BYTES``, set
on the request so that it holds whatever ``TIMELINE_MAX_BODY_BYTES`` says.
"""

from datetime import date

from flask import request
from werkzeug.exceptions import UnsupportedMediaType

from schemas.draft import DRAFT_PAGE_MAX_CHARACTERS
from service.core.display_dates import human_date
from service.drafts.resolver import Expression

DRAFT_MAX_BODY_BYTES = 100_000
# The draft page's form: a browser sends each character of the text URL-encoded, up to 12
# bytes for one (%F0%9F%98%80; a line break, CR LF, is 6), so the form's body holds any text
# of DRAFT_PAGE_MAX_CHARACTERS characters, and the other fields besides.
DRAFT_PAGE_MAX_BODY_BYTES = 12 * DRAFT_PAGE_MAX_CHARACTERS + 4096
PLAIN_TEXT = "text/plain"


def allow_draft_sized_body(limit: int = DRAFT_MAX_BODY_BYTES) -> None:
    """Let this request's body reach ``limit`` bytes (413 beyond), before it is read."""
    request.max_content_length = limit


def plain_text_body() -> str:
    """The body as UTF-8 text; 415 if it is not UTF-8."""
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnsupportedMediaType(f"the text/plain body is not UTF-8 ({error.reason})") from None


def draft_document(
    text: str, published: date, source: str | None, expressions: list[Expression]
) -> dict:
    """The answer of ``POST /drafts`` (``DraftSchema``)."""
    return {
        "published": published,
        "source": source,
        "length": len(text),
        "expressions": [_expression_document(e) for e in expressions],
    }


def _expression_document(expression: Expression) -> dict:
    span = expression.date
    return {
        "phrase": expression.phrase,
        "span": {"start": expression.start, "end": expression.end},
        "sentence": {"start": expression.sentence_start, "end": expression.sentence_end},
        "kind": expression.kind,
        "date": None
        if span is None
        else {
            "date": span.edtf,
            "start": span.start,
            "end": span.end,
            "precision": span.precision,
            "approximate": span.approximate,
            "uncertain": span.uncertain,
            "in_words": human_date(span.edtf),
        },
        "resolved_from": expression.resolved_from,
        "reason": expression.reason,
        "timex_type": expression.timex_type,
        "timex_value": expression.timex_value,
    }
