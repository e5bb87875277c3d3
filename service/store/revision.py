"""The data's revision: which copy of the data a connection sees, in one cheap query."""

from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True)
class Revision:
    """``instance`` names one database (a rebuilt file gets a new one; copies share it);
    ``number`` counts the writes to it. Together they name the data exactly."""

    instance: str
    number: int


def current_revision(db: sqlite_utils.Database) -> Revision:
    instance, number = db.execute("SELECT instance, revision FROM meta WHERE id = 1").fetchone()
    return Revision(instance, number)
