"""``make bench`` (replication): what Litestream costs the primary's writes, and its reads.

Each round starts the primary twice on fresh copies of one generated database, as
``timeline serve`` (2 workers) and as ``timeline serve --replicate`` (Litestream streaming to
a file replica in a temporary directory, ``TIMELINE_SYNC_SECONDS`` at its default of 1 s,
measured once its first copy of the whole database is shipped), in alternating order, and
measures on each, back to back:

- writes: 4 clients each POST new events one after another (a persistent connection each)
  for ``--duration`` seconds: writes/s, p50 and p99 latency;
- reads, 2 s later: wrk (one thread, 4 connections) cycling through the 216-request mix of
  bench/windows.py, cache off: requests/s, p50 and p99.

The ratios (on/off) are taken within each round, where the machine's load is the same;
the median of the rounds is reported. Results go to bench/results/replication.md.

    python -m bench.replication --size 10000 --duration 3 --rounds 5
"""

import argparse
import contextlib
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import windows
from bench.generate import TOPICS
from bench.run import RESULTS, ensure_database, find_wrk, free_port, load, wait_for

TIMELINE = Path(sys.executable).with_name("timeline")
TOKEN = "bench-token-for-replication-writes"
WRITERS = 4
# Between loads, so that each starts on a quiet server: Litestream has shipped the writes
# (its sync interval is 1 s) and no request of one load is still in flight in the next.
SETTLE_SECONDS = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--duration", type=int, default=3, help="seconds per measured run")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    wrk = find_wrk()
    database = ensure_database(args.size)
    rounds = []
    for number in range(args.rounds):
        modes = ("off", "on") if number % 2 == 0 else ("on", "off")
        measured = {mode: measure(database, mode == "on", wrk, args.duration) for mode in modes}
        rounds.append(measured)
        print(json.dumps({"round": number + 1, **measured}), file=sys.stderr, flush=True)
    report = summary(rounds, args)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "replication.md").write_text(report)
    print(report)


def measure(database: Path, replicate: bool, wrk: str, seconds: int) -> dict:
    """One primary on a fresh copy of ``database``: its writes, then its reads."""
    with (
        tempfile.TemporaryDirectory(prefix="bench-replication-") as directory,
        primary(database, Path(directory), replicate) as url,
    ):
        writes = write_load(url, seconds)
        time.sleep(SETTLE_SECONDS)
        reads = load(wrk, url, windows.service_paths(), seconds=seconds)
        shipped = sum(
            f.stat().st_size for f in Path(directory, "replica").rglob("*") if f.is_file()
        )
    return {
        "writes_per_s": writes["rate"],
        "write_p50_ms": writes["p50_ms"],
        "write_p99_ms": writes["p99_ms"],
        "write_errors": writes["errors"],
        "reads_per_s": reads["rps"],
        "read_p50_ms": reads["p50_ms"],
        "read_p99_ms": reads["p99_ms"],
        "read_errors": reads["errors"],
        "replica_kib": round(shipped / 1024),
    }


@contextlib.contextmanager
def primary(database: Path, directory: Path, replicate: bool):
    copy = directory / "primary.db"
    shutil.copyfile(database, copy)
    port = free_port()
    env = {
        **os.environ,
        "TIMELINE_DB": str(copy),
        "PORT": str(port),
        "TIMELINE_API_TOKEN": TOKEN,
        "TIMELINE_RESPONSE_CACHE": "0",
        "TIMELINE_REPLICA_URL": f"file://{directory / 'replica'}",
    }
    arguments = [str(TIMELINE), "serve", "--workers", "2", *(["--replicate"] if replicate else [])]
    with (directory / "server.log").open("w+b") as log:
        process = subprocess.Popen(
            arguments, env=env, stdout=log, stderr=log, start_new_session=True
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{url}/healthz", process, log)
            if replicate:
                wait_for_first_snapshot(directory / "replica")
            yield url
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def wait_for_first_snapshot(replica: Path, timeout: float = 120) -> None:
    """Litestream's first copy of the whole database, at start, is not the write path."""
    deadline = time.monotonic() + timeout
    while not any(replica.rglob("*.ltx")):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no snapshot in {replica} after {timeout} s")
        time.sleep(0.1)
    time.sleep(SETTLE_SECONDS)


def write_load(url: str, seconds: int) -> dict:
    """``WRITERS`` clients creating events one after another for ``seconds``."""
    latencies: list[float] = []
    errors: list[int] = []
    deadline = time.monotonic() + seconds
    port = int(url.rsplit(":", 1)[1])

    def writer(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        count = 0
        while time.monotonic() < deadline:
            body = json.dumps(new_event(f"bench-{number}-{count}"))
            started = time.perf_counter()
            connection.request("POST", "/events", body, headers=HEADERS)
            response = connection.getresponse()
            response.read()
            latencies.append(time.perf_counter() - started)
            if response.status != 201:
                errors.append(response.status)
            count += 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "rate": round(len(latencies) / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 2),
        "errors": len(errors),
    }


HEADERS = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


def new_event(event_id: str) -> dict:
    return {
        "id": event_id,
        "title": f"Benchmark write {event_id}",
        "summary": "Written by bench/replication.py.",
        "date": "2024-05-17",
        "tags": [TOPICS[1]],
        "source": "source-00000",
    }


METRICS = (
    "writes_per_s",
    "write_p50_ms",
    "write_p99_ms",
    "reads_per_s",
    "read_p50_ms",
    "read_p99_ms",
)


def summary(rounds: list[dict], args) -> str:
    lines = [
        f"Replication on and off, {args.size} events, {args.rounds} rounds of "
        f"{args.duration} s per run (median; ratio = on/off within each round)",
        "",
        "| measure | off | on | ratio on/off (median of rounds) | ratios per round |",
        "|---|---|---|---|---|",
    ]
    for metric in METRICS:
        off = statistics.median(r["off"][metric] for r in rounds)
        on = statistics.median(r["on"][metric] for r in rounds)
        ratios = [r["on"][metric] / r["off"][metric] for r in rounds if r["off"][metric]]
        per_round = ", ".join(f"{ratio:.2f}" for ratio in ratios)
        lines.append(f"| {metric} | {off} | {on} | {statistics.median(ratios):.3f} | {per_round} |")
    errors = sum(
        r[m][k] for r in rounds for m in ("on", "off") for k in ("write_errors", "read_errors")
    )
    shipped = statistics.median(r["on"]["replica_kib"] for r in rounds)
    lines += ["", f"Errors: {errors}. Replica written per round (median): {shipped} KiB.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
