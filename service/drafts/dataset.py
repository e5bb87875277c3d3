"""A draft dataset from a text: the source record and one draft event per resolved date.

The result is the JSON ``timeline load`` reads. Dates, ``resolved_from`` and evidence (the
sentence holding the expression, with its offsets and sha256) are filled in; each title and
summary starts with ``DRAFT_PLACEHOLDER`` and the dataset checks refuse it until an editor
has written them, as they do the source's title and publisher.
"""

import hashlib
import re
from datetime import date

from schemas.common import DRAFT_PLACEHOLDER
from service.core.display_dates import human_date
from service.core.kinds import KINDS, LINKED_KINDS, SOURCES
from service.drafts.resolver import Expression, find_expressions

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 60) -> str:
    """A URL-safe id from any text: ``Two weeks ago`` becomes ``two-weeks-ago``."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:limit].strip("-") or "text"


def draft_dataset(
    text: str, published: date, source_id: str, file_name: str | None = None
) -> tuple[dict, list[Expression]]:
    """The draft dataset for ``text``, and the expressions that could not be resolved."""
    expressions = find_expressions(text, published)
    resolved = [e for e in expressions if e.date is not None]
    source = {
        "id": source_id,
        "title": f"{DRAFT_PLACEHOLDER} the headline",
        "publisher": f"{DRAFT_PLACEHOLDER} the publisher",
        "published": published.isoformat(),
        "file": file_name,
        "sha256": _sha256(text),
        "length": len(text),
        "notes": f"Drafted by timeline draft against publication on {published.isoformat()}.",
    }
    events = [_draft_event(text, source_id, number, e) for number, e in enumerate(resolved, 1)]
    dataset = {**{kind.table: [] for kind in KINDS}, SOURCES.table: [source], "events": events}
    return dataset, [e for e in expressions if e.date is None]


def _draft_event(text: str, source_id: str, number: int, expression: Expression) -> dict:
    sentence = text[expression.sentence_start : expression.sentence_end]
    when = human_date(expression.date.edtf)
    return {
        "id": f"draft-{number:03d}-{slug(expression.phrase, 40)}",
        "title": f"{DRAFT_PLACEHOLDER} what happened ({when}, from '{expression.phrase}')",
        "summary": f"{DRAFT_PLACEHOLDER} a summary in your own words of what the sentence reports",
        "date": expression.date.edtf,
        "resolved_from": expression.resolved_from,
        **{kind.table: [] for kind in LINKED_KINDS},
        "figures": [],
        "source": source_id,
        "evidence": [
            {
                "start": expression.sentence_start,
                "end": expression.sentence_end,
                "sha256": _sha256(sentence),
            }
        ],
    }


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
