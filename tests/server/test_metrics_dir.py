"""``TIMELINE_METRICS_DIR`` is a directory the service owns: it deletes only the metric files
it wrote there, and a directory that holds anything else (the data directory, say) stops the
server at start, in one line, with every file left as it was."""

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.files.db import ensure_database
from service.files.paths import (
    METRIC_FILE,
    METRICS_DIR_MARKER,
    RefusedPath,
    claim_metrics_dir,
)
from tests.helpers import TIMELINE, Server, free_port

GUNICORN = Path(sys.executable).with_name("gunicorn")
STARTS = {
    "timeline serve": [str(TIMELINE), "serve"],
    "gunicorn itself": [str(GUNICORN), "-c", "python:service.serving.gunicorn_conf"],
}


def contents(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def start_refused(command: list[str], environment: dict[str, str]) -> str:
    """Start the server; it must exit non-zero by itself, soon. Its stderr."""
    process = subprocess.Popen(
        command,
        env={**os.environ, "PORT": str(free_port()), **environment},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        pytest.fail("the server started instead of refusing its metrics directory")
    assert process.returncode != 0, stderr
    return stderr


@pytest.mark.slow
@pytest.mark.parametrize("start", STARTS)
def test_metrics_dir_pointed_at_the_data_directory_stops_the_server_and_deletes_nothing(
    tmp_path, start
):
    data = tmp_path / "data"
    data.mkdir()
    database = data / "timeline.db"
    ensure_database(database)
    (data / "backup.db").write_bytes(b"an operator's backup")
    before = contents(data)
    stderr = start_refused(
        STARTS[start],
        {
            "TIMELINE_DB": str(database),
            "TIMELINE_METRICS": "on",
            "TIMELINE_METRICS_DIR": str(data),
        },
    )
    assert contents(data) == before
    assert "Traceback" not in stderr
    refusals = [line for line in stderr.splitlines() if "TIMELINE_METRICS_DIR" in line]
    assert len(refusals) == 1, stderr
    assert "did not create" in refusals[0] and "backup.db" in refusals[0]


@pytest.mark.slow
def test_a_directory_the_server_made_is_its_own_at_the_next_start(tmp_path):
    """The first start makes and marks the directory; the next one, in the same directory,
    deletes the files the first left and serves."""
    metrics_dir = tmp_path / "metrics"
    environment = {"TIMELINE_METRICS": "on", "TIMELINE_METRICS_DIR": str(metrics_dir)}
    left = []
    for _ in range(2):
        Server(tmp_path / "timeline.db", workers=1, environment=environment).start().stop()
        assert (metrics_dir / METRICS_DIR_MARKER).is_file()
        left.append({path.name for path in metrics_dir.iterdir()} - {METRICS_DIR_MARKER})
        assert left[-1] and all(METRIC_FILE.fullmatch(name) for name in left[-1])
    assert not left[0] & left[1], "the first run's files were deleted at the second start"


def test_a_missing_directory_is_made_and_marked_and_an_empty_one_marked(tmp_path):
    claim_metrics_dir(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    claim_metrics_dir(tmp_path / "empty")
    for name in ("new", "empty"):
        assert [path.name for path in (tmp_path / name).iterdir()] == [METRICS_DIR_MARKER]


def test_only_its_own_metric_files_are_deleted_from_a_marked_directory(tmp_path):
    claim_metrics_dir(tmp_path / "metrics")
    stale = ["counter_12.db", "gauge_livesum_12.db", "histogram_7.db"]
    for name in stale:
        (tmp_path / "metrics" / name).write_bytes(b"\0" * 16)
    assert sorted(path.name for path in claim_metrics_dir(tmp_path / "metrics")) == sorted(stale)
    assert [path.name for path in (tmp_path / "metrics").iterdir()] == [METRICS_DIR_MARKER]


FOREIGN_NAMES = st.text(
    st.characters(codec="utf-8", exclude_characters="/\0"), min_size=1, max_size=30
).filter(lambda name: name not in (".", "..", METRICS_DIR_MARKER))


@settings(max_examples=60, deadline=None)
@given(name=FOREIGN_NAMES, marked=st.booleans())
def test_a_directory_holding_anything_else_is_refused_and_left_alone(name, marked):
    """Any other file, marked directory or not, even one named like a metric file when the
    directory is not marked (another program's prometheus files)."""
    with tempfile.TemporaryDirectory() as parent:
        directory = Path(parent) / "metrics"
        directory.mkdir()
        if marked:
            (directory / METRICS_DIR_MARKER).write_text("ours")
        try:
            (directory / name).write_bytes(b"not the service's")
        except OSError:  # a name this file system cannot hold
            return
        if marked and METRIC_FILE.fullmatch(name):
            return  # the service's own, from an earlier run: deleting it is right
        before = contents(directory)
        with pytest.raises(RefusedPath, match="did not create"):
            claim_metrics_dir(directory)
        assert contents(directory) == before


@pytest.mark.parametrize(
    "make",
    [
        lambda d: (d / "counter_1.db").mkdir(),
        lambda d: (d / "counter_1.db").symlink_to(d.parent / "elsewhere.db"),
        lambda d: os.mkfifo(d / "gauge_all_1.db"),
    ],
    ids=["a directory", "a symlink", "a FIFO"],
)
def test_what_only_looks_like_a_metric_file_is_refused(tmp_path, make):
    directory = tmp_path / "metrics"
    claim_metrics_dir(directory)
    (tmp_path / "elsewhere.db").write_bytes(b"someone's database")
    make(directory)
    with pytest.raises(RefusedPath):
        claim_metrics_dir(directory)
    assert (tmp_path / "elsewhere.db").read_bytes() == b"someone's database"
    assert len(list(directory.iterdir())) == 2


def test_a_marker_that_is_a_symlink_does_not_make_a_directory_ours(tmp_path):
    directory = tmp_path / "metrics"
    directory.mkdir()
    (tmp_path / "elsewhere").write_text("x")
    (directory / METRICS_DIR_MARKER).symlink_to(tmp_path / "elsewhere")
    (directory / "counter_1.db").write_bytes(b"another program's counter")
    with pytest.raises(RefusedPath):
        claim_metrics_dir(directory)
    assert (directory / "counter_1.db").exists()


def test_a_file_or_a_missing_parent_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(RefusedPath, match="not a directory"):
        claim_metrics_dir(tmp_path / "file")
    with pytest.raises(RefusedPath, match="no directory"):
        claim_metrics_dir(tmp_path / "missing" / "metrics")
    assert not (tmp_path / "missing").exists()
