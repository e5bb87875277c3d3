"""The ``timeline`` command: serve the API, load and export datasets, write the contract."""

import json
import os
import sys
from pathlib import Path

import click

from service.config import from_environment
from service.dataset import InvalidDataset, build_rows, read_dataset, validate_dataset
from service.db import (
    DatabaseUnavailable,
    check_read_only_database,
    ensure_database,
    open_database,
)
from service.store.load import export_dataset, replace_dataset

_db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=lambda: from_environment()["TIMELINE_DB"],
    show_default="$TIMELINE_DB or timeline.db",
    help="SQLite database file.",
)


@click.group()
def main():
    """Dated events from news articles, as a timeline API."""


@main.command()
@_db_option
@click.option("--port", type=int, help="Port to listen on (default $PORT or 8000).")
@click.option("--workers", type=int, help="gunicorn workers (default $TIMELINE_WORKERS or 2).")
def serve(db_path, port, workers):
    """Build the database if it is missing (never on a read-only replica), then serve."""
    if from_environment()["TIMELINE_READ_ONLY"]:
        try:
            check_read_only_database(db_path)
        except DatabaseUnavailable as error:
            raise click.ClickException(str(error)) from None
    elif ensure_database(db_path):
        click.echo(f"built {db_path} from the bundled dataset", err=True)
    os.environ["TIMELINE_DB"] = str(db_path)
    if port:
        os.environ["PORT"] = str(port)
    if workers:
        os.environ["TIMELINE_WORKERS"] = str(workers)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    os.execv(
        gunicorn, [str(gunicorn), "-c", "python:service.gunicorn_conf", "service.app:create_app()"]
    )


@main.command()
@_db_option
def init(db_path):
    """Build the database from the bundled dataset, unless it already exists."""
    built = ensure_database(db_path)
    click.echo(f"{'built' if built else 'kept existing'} {db_path}", err=True)


@main.command()
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_db_option
def load(dataset, db_path):
    """Replace the database's contents with DATASET (JSON), all or nothing."""
    try:
        resources, events = build_rows(validate_dataset(read_dataset(dataset)))
    except InvalidDataset as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        raise click.ClickException(
            f"{len(error.problems)} problem(s); nothing was written"
        ) from None
    ensure_database(db_path)
    db = open_database(db_path)
    try:
        replace_dataset(db, resources, events)
    finally:
        db.close()
    click.echo(f"loaded {len(events)} events into {db_path}", err=True)


@main.command()
@click.argument("output", type=click.File("w"), default="-")
@_db_option
def export(output, db_path):
    """Write the database's contents as a dataset file that ``timeline load`` reads back."""
    db = open_database(db_path)
    try:
        json.dump(export_dataset(db), output, indent=2, ensure_ascii=False)
    finally:
        db.close()
    output.write("\n")
