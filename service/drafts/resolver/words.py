"""What the grammar's patterns share: a sentence's words, padded, and what a match says."""

from dataclasses import dataclass

from service.drafts.resolver.tokens import Token


@dataclass(frozen=True, slots=True)
class Spec:
    """What an expression says, before it is resolved against a publication date."""

    rule: str
    kind: str
    args: tuple = ()


Match = tuple[int, Spec]  # (index after the last token, what was matched)


PADDING = 8  # patterns look at most this many tokens past their start (or one before)


class Words(list):
    """A sentence's normalised words, padded with "" at the end so patterns need no bounds
    checks (index -1, the word before the first, reads the padding too)."""

    def __init__(self, tokens: list[Token]):
        super().__init__([t.norm for t in tokens] + [""] * PADDING)
        self.capitals = [t.capitalised for t in tokens] + [False] * PADDING
        self.length = len(tokens)

    def capitalised(self, index: int) -> bool:
        return index >= 0 and self.capitals[index]
