"""The ``timeline`` command: serve the API, load and export datasets, snapshot a live
database and switch read replicas to a snapshot."""

import contextlib
import csv
import getpass
import json
import os
import sys
import tempfile
import typing
from collections.abc import Iterator
from pathlib import Path

import click
import orjson

from service.api.meta import contract_of
from service.app import create_app
from service.config import from_environment
from service.config import replica_url as replica_url_setting
from service.drafts.dataset import draft_dataset, slug
from service.drafts.resolver import find_expressions
from service.drafts.scoring import (
    read_folder,
    resolver_timexes,
    score_documents,
    scores_table,
    split_documents,
    timeml_finder,
)
from service.drafts.timeml import NotTimeML, draft_timeml
from service.files.dataset import InvalidDataset, build_rows, read_dataset, validate_dataset
from service.files.db import (
    DatabaseUnavailable,
    check_read_only_database,
    check_schema_version,
    ensure_database,
    open_database,
    upgrade_database,
)
from service.files.following import Follower, serve_following
from service.files.litestream import config_text, replicate_command, restore, write_config
from service.files.paths import RefusedPath, check_file_path, check_metrics_dir
from service.files.snapshots import point_replica_at, take_snapshot
from service.formats.csv_format import read_events_csv, write_events_csv
from service.http.auth import InvalidTokens, load_tokens
from service.store.bulk import export_dataset, export_resources, replace_dataset, replace_events
from service.store.events import EventFilter, iter_event_documents
from service.store.schema import SCHEMA_VERSION


def _checked_database_path(context, parameter, value: Path) -> Path:
    """The database path passes the rule for every file the service writes (files/paths.py)."""
    try:
        check_file_path(value)
    except RefusedPath as error:
        raise click.BadParameter(str(error), context, parameter) from None
    return value


_db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=lambda: from_environment()["TIMELINE_DB"],
    callback=_checked_database_path,
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
@click.option(
    "--replicate",
    is_flag=True,
    help="Primary: run under Litestream, streaming every write to $TIMELINE_REPLICA_URL.",
)
@click.option(
    "--follow",
    is_flag=True,
    help="Read replica: restore from $TIMELINE_REPLICA_URL, then keep in step with it.",
)
def serve(db_path, port, workers, replicate, follow):
    """Build the database if it is missing (never on a read-only replica), then serve.

    gunicorn with the settings of service/serving/gunicorn_conf.py: the way production runs it.
    Tokens are checked first: a short one stops it here, saying which. With --replicate,
    gunicorn runs as the child of `litestream replicate`; with --follow, beside a follower
    that restores new writes and switches the replica to them (service/files/following.py).
    """
    settings = _settings()
    try:
        load_tokens(settings["TIMELINE_API_TOKEN"], settings["TIMELINE_TOKENS_FILE"])
    except (InvalidTokens, OSError) as error:
        raise click.ClickException(str(error)) from None
    if settings["TIMELINE_METRICS"] != "off" and settings["TIMELINE_METRICS_DIR"]:
        try:
            check_metrics_dir(settings["TIMELINE_METRICS_DIR"])
        except RefusedPath as error:
            raise click.ClickException(f"TIMELINE_METRICS_DIR: {error}") from None
    _check_replication_flags(settings, replicate=replicate, follow=follow)
    if follow:
        os.environ["TIMELINE_READ_ONLY"] = "1"
        follower = Follower(settings["TIMELINE_REPLICA_URL"], db_path)
        os.environ["TIMELINE_FOLLOW_STATUS"] = str(follower.status_path)
    elif settings["TIMELINE_READ_ONLY"]:
        _or_fail(lambda: check_read_only_database(db_path))
    else:
        _build_or_migrate(db_path)
    os.environ["TIMELINE_DB"] = str(db_path)
    if port:
        os.environ["PORT"] = str(port)
    if workers:
        os.environ["TIMELINE_WORKERS"] = str(workers)
    server = [
        str(Path(sys.executable).with_name("gunicorn")),
        "-c",
        "python:service.serving.gunicorn_conf",
    ]
    if follow:
        interval = settings["TIMELINE_FOLLOW_SECONDS"]
        sys.exit(_or_fail(lambda: serve_following(follower, server, interval)))
    if replicate:
        os.environ["TIMELINE_REPLICATING"] = "1"
        text = config_text(
            db_path, settings["TIMELINE_REPLICA_URL"], settings["TIMELINE_SYNC_SECONDS"]
        )
        server = replicate_command(_or_fail(lambda: write_config(db_path, text)), server)
    os.execv(server[0], server)


def _settings() -> dict:
    """The settings, or a one-line error naming the one that is wrong."""
    return _or_value_error(from_environment)


def _check_replication_flags(settings: dict, *, replicate: bool, follow: bool) -> None:
    if replicate and follow:
        raise click.UsageError("--replicate is for the primary, --follow for a replica: one")
    if (replicate or follow) and not settings["TIMELINE_REPLICA_URL"]:
        flag = "--replicate" if replicate else "--follow"
        raise click.UsageError(
            f"{flag} needs TIMELINE_REPLICA_URL (file:///absolute/directory or s3://bucket/path)"
        )
    if replicate and settings["TIMELINE_READ_ONLY"]:
        raise click.UsageError("--replicate is for the primary; TIMELINE_READ_ONLY=1 is a replica")


@main.command()
@_db_option
def init(db_path):
    """Build the database from the bundled dataset if it is missing; migrate an older one."""
    if not _build_or_migrate(db_path):
        click.echo(f"kept existing {db_path}", err=True)


def _build_or_migrate(db_path: Path) -> bool:
    """Build a missing database, or bring an older one up to this schema in place (its
    history kept); say which. False if there was nothing to do."""
    if not db_path.exists():
        ensure_database(db_path)
        click.echo(f"built {db_path} from the bundled dataset", err=True)
        return True
    migrated_from = _or_fail(lambda: upgrade_database(db_path))
    if migrated_from is not None:
        click.echo(
            f"migrated {db_path} from schema version {migrated_from} to {SCHEMA_VERSION}",
            err=True,
        )
    return migrated_from is not None


_FORMATS = click.Choice(["json", "csv"])


@main.command()
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_db_option
@click.option(
    "--format",
    "file_format",
    type=_FORMATS,
    help="json: a whole dataset; csv: events only (default: from the file name).",
)
@click.option(
    "--author",
    default=lambda: f"cli:{getpass.getuser()}",
    show_default="cli:$USER",
    help="Name recorded in the change history.",
)
def load(dataset, db_path, file_format, author):
    """Check DATASET, then replace the database's contents with it, all or nothing.

    A JSON dataset replaces everything. A CSV of events replaces the events only:
    the stored sources, actors, places and tags stay, and every id a row names must exist.
    """
    if (file_format or _format_of(dataset)) == "csv":
        _load_csv(dataset, db_path, author)
        return
    raw = _checked(lambda: read_dataset(dataset))
    records = (
        sum(len(v) for v in raw.values() if isinstance(v, list)) if isinstance(raw, dict) else 0
    )
    with click.progressbar(length=records, label="checking ", file=sys.stderr) as bar:
        clean = _checked(lambda: validate_dataset(raw, progress=bar.update))
    with click.progressbar(length=len(clean["events"]), label="rendering", file=sys.stderr) as bar:
        resources, events = build_rows(clean, progress=bar.update)
    ensure_database(db_path, dataset=None)
    db = open_database(db_path)
    try:
        replace_dataset(db, resources, events, author=author)
    finally:
        db.close()
    click.echo(f"loaded {len(events)} events into {db_path}", err=True)


def _load_csv(path: Path, db_path: Path, author: str) -> None:
    """Replace the events with a CSV's rows, checked against the stored resources.

    A missing database is first built from the bundled dataset, for its resources.
    """
    ensure_database(db_path)
    db = open_database(db_path)
    try:
        resources = export_resources(db)
        records = _checked(lambda: _read_csv(path, resources))
        _, events = build_rows({**resources, "events": records})
        replace_events(db, events, author=author)
    finally:
        db.close()
    click.echo(
        f"loaded {len(events)} events into {db_path}; its sources, actors, places and tags stay",
        err=True,
    )


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path), default="-")
@_db_option
@click.option(
    "--format",
    "file_format",
    type=_FORMATS,
    help="json: the whole dataset; csv: the events (default: from the file name, else json).",
)
def export(output, db_path, file_format):
    """Write the database's contents in a form that ``timeline load`` reads back.

    OUTPUT is written whole or not at all (a temporary file beside it, then renamed), and
    is never the database or one of its files.
    """
    _require_existing_database(db_path)
    as_csv = (file_format or _format_of(output)) == "csv"
    with output_stream(output, database=db_path) as stream:
        db = open_database(db_path)
        try:
            _write_export(db, stream, as_csv=as_csv)
        finally:
            db.close()


def _write_export(db, stream: typing.TextIO, *, as_csv: bool) -> None:
    if as_csv:
        documents = iter_event_documents(db, EventFilter())
        write_events_csv((orjson.loads(document) for document in documents), stream)
        return
    json.dump(export_dataset(db), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


@contextlib.contextmanager
def output_stream(path: Path, *, database: Path | None = None) -> Iterator[typing.TextIO]:
    """Standard output for ``-``; else a text stream whose content replaces ``path`` only
    once all of it is written, and only if ``path`` passes the rule for files the service
    writes (never ``database``, default the configured one, nor one of its files)."""
    if str(path) == "-":
        yield sys.stdout
        return
    _refuse_unless_writable(path, database or Path(from_environment()["TIMELINE_DB"]))
    with atomic_output(path) as stream:
        yield stream


def _refuse_unless_writable(path: Path, database: Path) -> None:
    try:
        check_file_path(path, database=database, keep_databases=True)
    except RefusedPath as error:
        raise click.ClickException(str(error)) from None


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[typing.TextIO]:
    """A text stream whose content replaces ``path`` only once all of it is written."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _require_existing_database(db_path: Path) -> None:
    """Commands that only read refuse a missing database rather than create an empty one."""
    if not db_path.is_file():
        raise click.ClickException(
            f"no database at {db_path}: check --db or $TIMELINE_DB, or build one with "
            f"'timeline init --db {db_path}' or 'timeline load FILE --db {db_path}'"
        )
    try:
        check_schema_version(db_path)
    except DatabaseUnavailable as error:
        raise click.ClickException(str(error)) from None


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path), default="-")
def openapi(output):
    """Write the OpenAPI contract the code declares (``make openapi`` writes openapi.yaml)."""
    with (
        output_stream(output) as stream,
        tempfile.TemporaryDirectory(prefix="timeline-openapi-") as directory,
    ):
        app = create_app({"TIMELINE_DB": str(Path(directory) / "openapi.db")})
        stream.write(contract_of(app))


def _read_csv(path: Path, resources: dict[str, list[dict]]) -> list[dict]:
    """A CSV file's events; a spreadsheet's byte-order mark is allowed."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return read_events_csv(stream, resources)
    except UnicodeDecodeError as error:
        raise InvalidDataset([f"{path}: not UTF-8 text ({error.reason})"]) from None
    except csv.Error as error:
        raise InvalidDataset([f"{path}: not a CSV file ({error})"]) from None


def _format_of(path: Path) -> str:
    return "csv" if path.suffix.lower() == ".csv" else "json"


def _checked(read):
    """``read()``, or every problem it found on stderr and a failure that says nothing changed."""
    try:
        return read()
    except InvalidDataset as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        raise click.ClickException(
            f"{len(error.problems)} problem(s); nothing was written"
        ) from None


@main.command()
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--published",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Publication day, YYYY-MM-DD: relative dates are resolved against it.",
)
@click.option("--source-id", help="Id of the source record (default: from the file name).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default="-",
    help="Where to write the draft dataset (default: standard output).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["dataset", "timeml"]),
    default="dataset",
    show_default=True,
    help="dataset: JSON for `timeline load`; timeml: the text with every expression a TIMEX3.",
)
def draft(article, published, source_id, output, output_format):
    """Draft a dataset from ARTICLE: one event per date its text states, to edit then load.

    Dates, how each was resolved and the evidence (the sentence, its offsets and sha256) are
    filled in; every title and summary says TO WRITE, and `timeline load` refuses the file
    until they are written. Expressions that cannot be dated are listed on stderr.
    With --format timeml, the article as a TimeML document instead, for TimeML tools.
    """
    try:
        text = article.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{article}: not UTF-8 text ({error.reason})") from None
    docid = source_id or slug(article.stem)
    if output_format == "timeml":
        expressions = find_expressions(text, published.date())
        with output_stream(output) as stream:
            stream.write(draft_timeml(text, published.date(), docid, expressions).decode("utf-8"))
        click.echo(f"wrote {len(expressions)} TIMEX3", err=True)
        return
    dataset, unresolved = draft_dataset(text, published.date(), docid, article.name)
    with output_stream(output) as stream:
        json.dump(dataset, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
    for expression in unresolved:
        click.echo(
            f"not dated: {expression.phrase!r} at {expression.start} "
            f"({expression.timex_type} {expression.timex_value}): {expression.reason}",
            err=True,
        )
    click.echo(
        f"drafted {len(dataset['events'])} events; {len(unresolved)} expressions not dated",
        err=True,
    )


@main.command("score-timeml")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--system",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Score this folder's TimeML annotation of the same texts instead of the resolver.",
)
@click.option("--mistakes", is_flag=True, help="Also list every miss and wrong value on stderr.")
@click.option(
    "--part",
    help="Score only this part of the split (tuning, heldout): tune on its mistakes alone.",
)
def score_timeml(folder, system, mistakes, part):
    """Score the date resolver on FOLDER's TimeML (*.tml) with TempEval-3's TIMEX3 measures.

    Each document's TEXT is drafted against its creation time (DCT) and compared with its
    TIMEX3: strict and relaxed span F1, value F1, DATE value F1 and type F1. A FOLDER with a
    split.txt is scored part by part. Prints a Markdown table.
    """
    try:
        finder = timeml_finder(read_folder(system)) if system else resolver_timexes
        parts = split_documents(folder)
        if part is not None and part not in parts:
            raise LookupError(f"no part {part!r}: the parts are {', '.join(parts)}")
        chosen = {name: docs for name, docs in parts.items() if part in (None, name)}
        rows = {name: score_documents(docs, finder) for name, docs in chosen.items()}
    except (NotTimeML, LookupError, OSError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(scores_table(rows), nl=False)
    if mistakes:
        for scores in rows.values():
            click.echo("\n".join(scores.mistakes), err=True)


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@_db_option
def snapshot(output, db_path):
    """Copy the live database to OUTPUT while writes go on; print its revision and sha256.

    The copy is one revision of the data, written under a temporary name, flushed and
    renamed, so OUTPUT is never a partial file. OUTPUT must not be the database or one of
    its files (-wal, -shm, -journal), nor anything but a regular file. Printed as one JSON
    line.
    """
    click.echo(orjson.dumps(_or_fail(lambda: take_snapshot(db_path, output))))


@main.command()
@click.argument("snapshot_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_db_option
def reload(snapshot_file, db_path):
    """Switch a read-only replica to SNAPSHOT_FILE, without a restart or a failed request.

    The replica's database path (--db, $TIMELINE_DB) must be a symlink. SNAPSHOT_FILE is
    checked (check_servable: schema version, tables and columns, the meta row, SQLite's
    quick_check), then the symlink is replaced
    atomically; each worker moves to the new file as its next request starts. Prints the
    revision now served, as one JSON line.
    """
    click.echo(orjson.dumps(_or_fail(lambda: point_replica_at(db_path, snapshot_file))))


@main.command(name="restore")
@click.option(
    "--to",
    "destination",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The new database file (never an existing path).",
)
@click.option(
    "--timestamp",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z"]),
    help="Restore the data as it was at this moment (RFC 3339, e.g. 2026-12-03T08:15:00Z).",
)
@click.option(
    "--from",
    "replica_url",
    help="Replica location (default $TIMELINE_REPLICA_URL): file:///dir or s3://bucket/path.",
)
def restore_command(destination, timestamp, replica_url):
    """Restore the database from its Litestream replica to a new file, checked as reload
    checks a snapshot; print its revision, instance, sha256 and size as one JSON line."""
    if replica_url:
        url = _or_value_error(lambda: replica_url_setting(replica_url))
    else:
        url = _settings()["TIMELINE_REPLICA_URL"]
    if not url:
        raise click.UsageError("no replica: set TIMELINE_REPLICA_URL or pass --from URL")
    click.echo(orjson.dumps(_or_fail(lambda: restore(url, destination, timestamp))))


def _or_value_error(action):
    try:
        return action()
    except ValueError as error:
        raise click.ClickException(str(error)) from None


def _or_fail(action):
    try:
        return action()
    except (DatabaseUnavailable, RefusedPath) as error:
        raise click.ClickException(str(error)) from None
