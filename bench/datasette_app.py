"""The peer: Datasette serving the benchmark database as an ASGI app for gunicorn.

Runs in its own virtualenv (bench/.venv-datasette). The file is opened immutable, as the
service's read-only replicas open theirs, which is Datasette's fastest mode. SQL queries may
run up to 30 s (the default 1 s limit would turn slow windows into errors, not numbers).
"""

import os

from datasette.app import Datasette

app = Datasette(
    immutables=[os.environ["BENCH_DB"]],
    settings={"sql_time_limit_ms": 30_000, "num_sql_threads": 1},
).app()
