"""The dataset file: read it, check every record, and turn it into store rows.

A dataset is one JSON object with the lists ``sources``, ``actors``, ``places``,
``tags`` and ``events``. Every problem in it is reported at once, each with the
record it is in, before anything is written.
"""

from collections.abc import Callable
from pathlib import Path

import marshmallow as ma

from schemas.common import flatten_errors
from schemas.event import EventRecordSchema
from schemas.resources import SCHEMAS
from service.core.kinds import KINDS, LINKED_KINDS, NAMED_KINDS
from service.core.strict_json import InvalidJSON, parse_json
from service.store.documents import event_row

Progress = Callable[[int], None] | None
BUNDLED_DATASET = Path(__file__).parent.parent / "data" / "asianews-2024-us-china-repatriation.json"

_RECORD_SCHEMAS = {
    **{kind.table: SCHEMAS[kind.table].record() for kind in KINDS},
    "events": EventRecordSchema(),
}

Locate = Callable[..., str]
"""Says where a record (and optionally its field) is: ``locate(kind, index, field=None)``."""


def locate_in_dataset(kind: str, index: int, field: str | None = None) -> str:
    """Where a problem is in a dataset file: ``events[3]``, or ``events[3].date`` for a field."""
    return f"{kind}[{index}]" + (f".{field}" if field else "")


class InvalidDataset(ValueError):
    """A dataset with problems; ``problems`` names each one and where it is."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the dataset:\n" + "\n".join(problems))
        self.problems = problems


def read_dataset(path: Path | str) -> dict:
    """A dataset file's JSON, read as request bodies are (``parse_json``), or one problem."""
    try:
        return parse_json(Path(path).read_bytes())
    except InvalidJSON as error:
        raise InvalidDataset([f"{path}: not valid JSON: {error}"]) from None


def validate_dataset(
    raw: object, progress: Progress = None, *, locate: Locate = locate_in_dataset
) -> dict[str, list[dict]]:
    """Return the dataset's records, cleaned, or raise ``InvalidDataset`` listing every problem.

    ``progress``, if given, is called with 1 after each record is checked. ``locate`` words
    where each problem is; a CSV of events names its lines instead.
    """
    if not isinstance(raw, dict):
        raise InvalidDataset(["the dataset must be a JSON object"])
    problems = [f"{key}: unknown list" for key in raw if key not in _RECORD_SCHEMAS]
    loaded: dict[str, list[tuple[int, dict]]] = {}
    for kind, schema in _RECORD_SCHEMAS.items():
        records = raw.get(kind, [])
        if not isinstance(records, list):
            problems.append(f"{kind}: must be a list")
            records = []
        loaded[kind] = []
        for index, record in enumerate(records):
            if progress:
                progress(1)
            try:
                loaded[kind].append((index, schema.load(record)))
            except ma.ValidationError as error:
                problems.extend(
                    f"{locate(kind, index, path)}: {message}"
                    for path, message in flatten_errors(error.messages)
                )
    problems.extend(_duplicate_ids(loaded, locate))
    problems.extend(_broken_references(loaded, _ids_named(raw), locate))
    if problems:
        raise InvalidDataset(problems)
    return {kind: [record for _, record in pairs] for kind, pairs in loaded.items()}


def build_rows(
    clean: dict[str, list[dict]], progress: Progress = None
) -> tuple[dict[str, list[dict]], list[dict]]:
    """Store rows for a validated dataset: resources as they are, events with derived dates."""
    names = {
        kind.table: {r["id"]: r[kind.label] for r in clean[kind.table]} for kind in NAMED_KINDS
    }
    resources = {kind.table: clean[kind.table] for kind in KINDS}
    rows = []
    for event in clean["events"]:
        rows.append(event_row(event, names))
        if progress:
            progress(1)
    return resources, rows


def _duplicate_ids(loaded: dict[str, list[tuple[int, dict]]], locate: Locate) -> list[str]:
    problems = []
    for kind, pairs in loaded.items():
        seen: set[str] = set()
        for index, record in pairs:
            if record["id"] in seen:
                problems.append(f"{locate(kind, index)}: id {record['id']!r} is used twice")
            seen.add(record["id"])
    return problems


def _ids_named(raw: dict) -> dict[str, set]:
    """Every id the file names, valid record or not, so one bad record is reported once."""
    return {
        kind: {r.get("id") for r in records if isinstance(r, dict)}
        for kind, records in raw.items()
        if isinstance(records, list)
    }


def _broken_references(
    loaded: dict[str, list[tuple[int, dict]]], known: dict[str, set], locate: Locate
) -> list[str]:
    lengths = {source["id"]: source["length"] for _, source in loaded["sources"]}
    problems = []
    for index, event in loaded["events"]:
        for kind in LINKED_KINDS:
            field = kind.table
            problems.extend(
                f"{locate('events', index, field)}: names unknown {kind.singular} {ref!r}"
                for ref in event[field]
                if ref not in known.get(field, set())
            )
            if len(set(event[field])) != len(event[field]):
                problems.append(f"{locate('events', index, field)}: lists an id twice")
        if event["source"] not in lengths:
            if event["source"] not in known.get("sources", set()):
                problems.append(
                    f"{locate('events', index, 'source')}: names unknown source {event['source']!r}"
                )
            continue
        problems.extend(
            f"{locate('events', index, 'evidence')}: [{span['start']}, {span['end']}) lies "
            f"beyond the source's {lengths[event['source']]} characters"
            for span in event["evidence"]
            if span["end"] > lengths[event["source"]]
        )
    return problems
