"""All SQL lives here. The store speaks in plain values and dicts and knows nothing of HTTP."""


class NotFound(LookupError):
    """No row of that kind has that id."""

    def __init__(self, kind: str, id: str):
        super().__init__(f"no {kind} with id {id!r}")
        self.kind = kind
        self.id = id
