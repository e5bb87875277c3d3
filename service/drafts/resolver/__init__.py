"""Find the temporal expressions in a news text and resolve them to EDTF dates.

``find_expressions(text, published)`` splits the text into sentences, reads each sentence's
tokens with a small hand-written grammar (``grammar``, whose patterns are in
``calendar_patterns``, ``relative_patterns``, ``times`` and ``named_days``), judges the
tense around each expression (``tense``) and resolves it against the publication date
(``resolve``, whose rules are in ``calendar_rules``, ``relative_rules`` and ``periods``),
with its TIMEX3 type and value beside the EDTF date (``timex``). Every step is a single
left-to-right pass, so the cost is linear in the text.

This package is pure: it imports only the standard library and ``service.core.dates`` (EDTF
bounds and precision). It knows nothing of Flask, HTTP or the store.
"""

from service.drafts.resolver.expressions import Expression, find_expressions
from service.drafts.resolver.timex import TIMEX_TYPES

__all__ = ["TIMEX_TYPES", "Expression", "find_expressions"]
