"""Synthetic timelines of any size, built through the service's own loader.

The events look like a news timeline: most are dated to the day or the month, some to a
year, a few are ranges of days or several years; each has one to three actors, a place or
two, tags, and a title and summary made of words that repeat as real names and topics do.
Everything is drawn from one seeded generator, so a size always gives the same database.

    python -m bench.generate 100000 bench/data/events-100000-g1-s3.db

Records go through ``validate_dataset`` and ``build_rows`` (the same checks and the same
precomputed documents as ``timeline load``), in chunks on every core, and then
``replace_dataset`` writes them in one transaction.
"""

import hashlib
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from service.core.kinds import KINDS
from service.files.dataset import build_rows, validate_dataset
from service.files.db import open_database
from service.store.bulk import replace_dataset
from service.store.schema import create_schema


def _words(text: str) -> list[str]:
    return text.split()


# Bump when the generated data changes, so cached databases are rebuilt.
GENERATOR_VERSION = 1
FIRST_DAY = date(1950, 1, 1)
LAST_DAY = date(2025, 12, 31)
SOURCES = 2000
SOURCE_LENGTH = 20_000
CHUNK = 20_000

GIVEN = _words(
    "ana ben chen dara emil fatima goran hana ivan jun kofi lena mira nadia omar paulo qiang "
    "rosa sami tomas uma viktor wen xavier yara zeynep amal boris"
)
FAMILY = _words(
    "abe bauer costa diallo evans fischer garcia haddad ito jensen kim lopez moreau novak "
    "okafor petrov quispe rossi sato tanaka usman varga weber yilmaz"
)
ORGS = _words("ministry council agency union court commission bank party army league")
COUNTRIES = _words(
    "arland borovia caldera dunmore estania falkor gravia helmund istria jorvik kestrel lumeria"
)
CITIES = _words(
    "alder brook cedar delta ember fjord granite harbor iris juniper karst linden marsh north "
    "oak pine quarry ridge stone tide upland vale willow"
)
TOPICS = _words(
    "trade migration election protest flood drought earthquake treaty summit sanctions strike "
    "tariff budget vaccine outbreak ceasefire census court ruling energy pipeline railway "
    "port harvest wildfire storm reform inflation"
)
VERBS = _words(
    "announces rejects signs opens closes debates approves suspends resumes investigates "
    "launches ends extends condemns welcomes"
)
# Rare names for full-text search: each is in about one event in eight hundred.
PROJECTS = [
    first + middle + last
    for first in _words("ka lo mi nu pe ra si to vu ze")
    for middle in _words("bel dor fen gar hil jun kem lir mos nar")
    for last in _words("ax eth ix on ur us an el")
]


def main() -> None:
    size, path = int(sys.argv[1]), Path(sys.argv[2])
    started = time.monotonic()
    build_database(size, path)
    print(f"built {path} ({size} events) in {time.monotonic() - started:.0f} s", file=sys.stderr)


def build_database(size: int, path: Path) -> None:
    """Write ``size`` generated events to a new database at ``path`` (replaced if present)."""
    resources = generate_resources()
    chunks = [(resources, start, min(CHUNK, size - start)) for start in range(0, size, CHUNK)]
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        built = list(pool.map(_rows_for_chunk, chunks))
    rows = [row for _, chunk_rows in built for row in chunk_rows]
    partial = path.with_name(path.name + ".partial")
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.unlink(missing_ok=True)
    db = open_database(partial)
    try:
        db.execute("PRAGMA cache_size = -1000000")
        db.execute("PRAGMA synchronous = OFF")
        create_schema(db)
        replace_dataset(db, built[0][0] if built else _no_rows(resources), rows)
        db.execute("ANALYZE")
        db.enable_wal()
    finally:
        db.close()
    os.replace(partial, path)


def _no_rows(resources: dict) -> dict:
    return {kind.table: resources.get(kind.table, []) for kind in KINDS}


def _rows_for_chunk(task: tuple) -> tuple[dict, list[dict]]:
    """Validate and build one chunk of events, with every resource, in a worker process."""
    resources, start, count = task
    rng = random.Random(f"events-{start}")
    events = [generate_event(rng, start + offset, resources) for offset in range(count)]
    clean = validate_dataset({**resources, "events": events})
    return build_rows(clean)


def generate_resources() -> dict[str, list[dict]]:
    rng = random.Random("resources")
    actors = [
        {"id": f"{g}-{f}", "name": f"{g.title()} {f.title()}", "kind": "person", "role": None}
        for g in GIVEN
        for f in FAMILY
    ]
    actors += [
        {"id": f"{c}-{o}", "name": f"{c.title()} {o}", "kind": "organisation", "role": None}
        for c in COUNTRIES
        for o in ORGS
    ]
    actors += [{"id": c, "name": c.title(), "kind": "country", "role": None} for c in COUNTRIES]
    places = [
        {"id": f"{city}-{c}", "name": f"{city.title()}, {c.title()}", "kind": "city", "country": c}
        for c in COUNTRIES
        for city in CITIES
    ]
    tags = [{"id": t, "label": t.title()} for t in TOPICS]
    sources = [
        {
            "id": f"source-{n:05d}",
            "title": f"Report {n}",
            "publisher": rng.choice(["Daily Wire Service", "Evening Courier", "Global Desk"]),
            "author": None,
            "published": (FIRST_DAY + timedelta(days=rng.randrange(27_000))).isoformat(),
            "language": "en",
            "file": None,
            "url": None,
            "sha256": hashlib.sha256(f"source-{n}".encode()).hexdigest(),
            "length": SOURCE_LENGTH,
            "notes": None,
        }
        for n in range(SOURCES)
    ]
    return {"sources": sources, "actors": actors, "places": places, "tags": tags}


def generate_event(rng: random.Random, number: int, resources: dict) -> dict:
    """One event: a date of realistic precision, named actors and places, tags and words."""
    actors = _zipf_sample(rng, resources["actors"], rng.choice([1, 1, 2, 2, 3]))
    places = _zipf_sample(rng, resources["places"], rng.choice([0, 1, 1, 1, 2]))
    tags = _zipf_sample(rng, resources["tags"], rng.choice([1, 2, 2, 3]))
    topic = tags[0]["label"].lower()
    who = actors[0]["name"]
    where = f" in {places[0]['name']}" if places else ""
    evidence_start = rng.randrange(SOURCE_LENGTH - 500)
    return {
        "id": f"event-{number:07d}",
        "title": f"{who} {rng.choice(VERBS)} {topic} plan{where}",
        "summary": (
            f"{who} {rng.choice(VERBS)} a {topic} measure after talks with "
            f"{actors[-1]['name']}; officials expect a {rng.choice(TOPICS)} debate to follow. "
            f"The file is known as {rng.choice(PROJECTS).title()}."
        ),
        "date": generate_date(rng),
        "resolved_from": None,
        "actors": [a["id"] for a in actors],
        "places": [p["id"] for p in places],
        "tags": [t["id"] for t in tags],
        "figures": (
            [{"value": rng.randrange(1, 100_000), "unit": "people", "counted": "affected"}]
            if rng.random() < 0.3
            else []
        ),
        "source": f"source-{rng.randrange(SOURCES):05d}",
        "evidence": [
            {
                "start": evidence_start,
                "end": evidence_start + rng.randrange(50, 400),
                "sha256": hashlib.sha256(str(number).encode()).hexdigest(),
            }
        ],
    }


def generate_date(rng: random.Random) -> str:
    """An EDTF date: mostly days and months, some years, ranges and multi-year spans.

    Recent decades are denser, as in news archives.
    """
    span = (LAST_DAY - FIRST_DAY).days
    day = FIRST_DAY + timedelta(days=int(span * rng.random() ** 0.6))
    kind = rng.random()
    if kind < 0.52:
        return day.isoformat() + rng.choice(["", "", "", "", "~", "?"])
    if kind < 0.80:
        return f"{day:%Y-%m}" + rng.choice(["", "", "", "~"])
    if kind < 0.89:
        return f"{day:%Y}" + rng.choice(["", "", "?"])
    if kind < 0.96:
        end = min(day + timedelta(days=rng.choice([1, 2, 4, 6, 13, 45, 90, 200, 364])), LAST_DAY)
        return f"{day.isoformat()}/{end.isoformat()}"
    last_year = min(day.year + rng.choice([1, 2, 3, 4, 9, 19]), LAST_DAY.year)
    return f"{day.year}/{last_year}"


def _zipf_sample(rng: random.Random, items: list, count: int) -> list:
    """``count`` distinct items; half are drawn with a heavy head, as names in the news are."""
    chosen: dict[str, dict] = {}
    while len(chosen) < min(count, len(items)):
        if rng.random() < 0.5:
            index = rng.randrange(len(items))
        else:
            index = min(int(rng.paretovariate(1.0)) - 1, len(items) - 1)
        chosen[items[index]["id"]] = items[index]
    return list(chosen.values())


if __name__ == "__main__":
    main()
