"""Keeps the lock files honest: they must be compiled from pyproject.toml as it is now.

``make lock`` compiles requirements.lock (what the service runs on) and
requirements-test.lock (that plus the test tools) with hashes, then runs ``stamp``, which
writes into each the digest of pyproject.toml's dependency lists. ``check`` (run by
``make run`` and ``make test`` before they install; standard library only) fails, naming the
command to run, when those lists changed since.
"""

import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCKS = (ROOT / "requirements.lock", ROOT / "requirements-test.lock")
STAMP = "# pyproject.toml dependencies sha256: "


def declared_dependencies(pyproject: Path = PYPROJECT) -> dict:
    project = tomllib.loads(pyproject.read_text())["project"]
    return {
        "dependencies": sorted(project.get("dependencies", [])),
        "optional-dependencies": {
            extra: sorted(requirements)
            for extra, requirements in sorted(project.get("optional-dependencies", {}).items())
        },
    }


def digest(dependencies: dict) -> str:
    return hashlib.sha256(json.dumps(dependencies, sort_keys=True).encode()).hexdigest()


def stamp(lock: Path, dependencies: dict) -> None:
    lines = [line for line in lock.read_text().splitlines() if not line.startswith(STAMP)]
    lines.insert(0, STAMP + digest(dependencies))
    lock.write_text("\n".join(lines) + "\n")


def problems(lock: Path, dependencies: dict) -> list[str]:
    """What is wrong with ``lock``: missing, unstamped, stale (naming what it lacks)."""
    if not lock.exists():
        return [f"{lock.name} is missing"]
    text = lock.read_text()
    stamped = next((line[len(STAMP) :] for line in text.splitlines() if line.startswith(STAMP)), "")
    if stamped == digest(dependencies):
        return []
    pinned = {_name(line) for line in text.splitlines() if re.match(r"[A-Za-z0-9]", line)}
    declared = list(dependencies["dependencies"])
    if lock.name == "requirements-test.lock":
        for extra in dependencies["optional-dependencies"].values():
            declared += extra
    missing = sorted({_name(r) for r in declared} - pinned)
    lacking = f"; it pins nothing for {', '.join(missing)}" if missing else ""
    return [f"{lock.name} was not compiled from pyproject.toml's dependencies as they are{lacking}"]


def _name(requirement: str) -> str:
    """The normalised project name (PEP 503) at the start of a requirement or a pin."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()


def main(argv: list[str]) -> int:
    dependencies = declared_dependencies()
    if argv[1:] == ["stamp"]:
        for lock in LOCKS:
            stamp(lock, dependencies)
        return 0
    if argv[1:] == ["check"]:
        found = [problem for lock in LOCKS for problem in problems(lock, dependencies)]
        for problem in found:
            print(f"dependency lock: {problem}", file=sys.stderr)
        if found:
            print("pyproject.toml's dependencies changed: run `make lock`", file=sys.stderr)
        return 1 if found else 0
    print(f"usage: {argv[0]} check|stamp", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
