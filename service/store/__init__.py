"""All SQL lives here. The store speaks in plain values and dicts and knows nothing of HTTP.

May import ``schemas`` (an event's document is rendered by ``EventSchema``, in
``documents.py``) and the leaf modules (``service.core.kinds``, ``service.core.dates``); never the
views (``service.api``, ``service.web``), ``service.files.dataset``, Flask or werkzeug.
Transactions are opened only through ``transactions.py``.
"""


class NotFound(LookupError):
    """No row of that kind has that id."""

    def __init__(self, kind: str, id: str):
        super().__init__(f"no {kind} with id {id!r}")
        self.kind = kind
        self.id = id


class Conflict(Exception):
    """The write would break a rule of the data: a duplicate id, or removing something in use."""


class StaleVersion(Exception):
    """The row changed since the version the writer based its change on."""


class Busy(Exception):
    """The database stayed locked by other writers for longer than the busy timeout."""


class InvalidReferences(ValueError):
    """A record names ids that do not exist; ``problems`` pairs each field path with why."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems))
        self.problems = problems


class OtherInstance(LookupError):
    """A revision was read from another database instance (a rebuilt file), so it says
    nothing about this one; ``current_instance`` and ``current_revision`` name this one's."""

    def __init__(self, given_instance: str, current_instance: str, current_revision: int):
        super().__init__(
            f"revisions of database instance {given_instance!r} mean nothing here: this is "
            f"instance {current_instance!r}, now at revision {current_revision}; fetch the "
            "data again, then follow the changes from that revision"
        )
        self.current_instance = current_instance
        self.current_revision = current_revision
