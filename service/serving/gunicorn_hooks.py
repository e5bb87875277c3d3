"""The observability parts of gunicorn's configuration (service/serving/gunicorn_conf.py uses them).

- Metrics across workers: at start-up (``on_starting``, in the master, before any worker
  exists or imports prometheus-client) an empty directory is made (``TIMELINE_METRICS_DIR``,
  emptied of an earlier run's files, or a fresh temporary one) and named in
  ``PROMETHEUS_MULTIPROC_DIR``, which the workers inherit. ``TIMELINE_METRICS_DIR`` is a
  directory the service owns (service/files/paths.py, ``claim_metrics_dir``): made and marked
  by it, or empty when first named; one that holds anything else stops the server with one
  line, and only metric files are ever deleted from it. When a worker exits
  (``child_exit``) its live gauges are dropped; its counters stay in the totals. A temporary
  directory is removed when the server exits (``on_exit``).
- The access log: the server's text log (written by service/serving/asgi.py, with each
  answer's ``X-Request-ID``), unless ``TIMELINE_LOG_FORMAT=json``; then the app writes one
  JSON line per request itself (observability/access_log.py, whatever the worker class) and the
  server's access log is off.
"""

import os
import shutil
import sys
import tempfile

from service.config import from_environment
from service.files.paths import RefusedPath, claim_metrics_dir

_temporary_metrics_dir: list[str] = []


def access_log() -> str | None:
    """Where gunicorn writes its access log: stdout, or nowhere when the app logs JSON."""
    return None if from_environment()["TIMELINE_LOG_FORMAT"] == "json" else "-"


def on_starting(server) -> None:
    settings = from_environment()
    if settings["TIMELINE_METRICS"] != "off":
        try:
            directory = empty_metrics_dir(settings["TIMELINE_METRICS_DIR"])
        except RefusedPath as error:
            server.log.error("TIMELINE_METRICS_DIR: %s", error)
            sys.exit(1)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess  # only now, with the directory named

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server) -> None:
    for directory in _temporary_metrics_dir:
        shutil.rmtree(directory, ignore_errors=True)


def empty_metrics_dir(configured: str | None) -> str:
    """``configured``, made if missing and emptied of the metric files the service wrote
    there (``RefusedPath`` if it holds anything else); else a new temporary one."""
    if configured is None:
        directory = tempfile.mkdtemp(prefix="timeline-metrics-")
        _temporary_metrics_dir.append(directory)
        return directory
    claim_metrics_dir(configured)
    return configured
