"""``make bench``: the service against a bare Flask ceiling and Datasette, side by side.

For each size it makes sure a generated database exists (bench/data/, cached by size and
generator version), then starts these servers on 127.0.0.1, with the same gunicorn settings
(one worker each, no access log) and, but for Datasette, the service's own front (the worker
of service/serving/worker.py, as `timeline serve` deploys it), and runs their loads in
interleaved rounds. One worker, because with two, how the kernel happened to share wrk's
connections between them moved a ratio by up to a factor of two from round to round:

- ceiling: bench/ceiling.py, a bare Flask endpoint returning a small constant JSON;
- service, response cache off: the 216-request mix of bench/windows.py, the cheapest window
  (events within the data's first day) and the data's first day with ``overlaps`` (a full page);
- service, response cache on: the same mix, repeated (a frontend's pattern);
- replica: TIMELINE_READ_ONLY=1 (file opened immutable), cache off, the mix;
- Datasette (own virtualenv, bench/.venv-datasette; ASGI, so gunicorn's uvicorn worker):
  the same requests as SQL over the same file, and the cheapest window;
- observed, cache off and on: the service with metrics on (multiprocess files, as
  ``timeline serve`` sets them up) and a JSON log line per request, each beside the same
  load on the service without them, as an on/off pair in every round;
- gzip: the mix, cache off and on, asking for ``Accept-Encoding: gzip``, beside the same
  without, for what compression costs in requests/s and saves in bytes per answer.

Load comes from ``wrk`` (one thread, 8 connections), each run bounded in time and in
requests. Each ratio is reported as the median over the rounds with its spread, (largest -
smallest) / median, which says whether two runs of the benchmark can be compared. Also
measured: the in-process latency table (bench/inprocess.py), RSS per worker after the loads
and cold start to the first answer. Ratios are computed within one run; the figures go to
bench/results/latest.json and latest.md.
"""

import argparse
import compileall
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import inprocess, windows
from bench.generate import GENERATOR_VERSION
from service.serving import gunicorn_conf
from service.store.schema import SCHEMA_VERSION

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA = BENCH / "data"
RESULTS = BENCH / "results"
DATASETTE_VENV = BENCH / ".venv-datasette"
SERVICE_BIN = Path(sys.executable).parent
WORKERS = 1
CONNECTIONS = 8
WARMUP_SECONDS = 2
MAX_REQUESTS = 200_000


def split_cpus() -> tuple[frozenset[int], frozenset[int]] | None:
    """With ``BENCH_PIN=1``, the CPUs for wrk and for the servers: wrk on the first CPU this
    process may use, the servers on the others, so that load and server never take turns on
    one core. None (nothing pinned) by default and on a single CPU: on the 2-core machine,
    pinning left the round-to-round spread as it was (45 % against 47 %, 8 rounds each, in
    one run) and took from the service the second core its SQLite reads use outside the
    GIL (bench/RESULTS.md)."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2 or os.environ.get("BENCH_PIN", "0") != "1":
        return None
    return frozenset(cpus[:1]), frozenset(cpus[1:])


PINNED = split_cpus()
LOAD, SERVERS = 0, 1


def on_cpus(which: int):
    """A ``preexec_fn`` that pins the child (and what it forks) to the load's CPUs (0) or the
    servers' (1), when the benchmark pins at all."""
    if PINNED is None:
        return None
    cpus = PINNED[which]
    return lambda: os.sched_setaffinity(0, cpus)


ROUNDS = 5
# Each ratio is measured as two runs back to back (denominator first), once per round.
PAIRS = {
    "mix_vs_ceiling": ("service_mix", "ceiling"),
    "cheapest_vs_ceiling": ("service_cheapest", "ceiling"),
    "early_overlap_vs_ceiling": ("service_early_overlap", "ceiling"),
    "repeated_cached_vs_ceiling": ("service_cached_mix_repeated", "ceiling"),
    "replica_mix_vs_ceiling": ("replica_mix", "ceiling"),
    "mix_vs_datasette": ("service_mix", "datasette_mix"),
    "cheapest_vs_datasette": ("service_cheapest", "datasette_cheapest"),
    # Observability on beside off: metrics and JSON logs must cost under 5 %.
    "observed_mix_vs_off": ("observed_mix", "service_mix"),
    "observed_cheapest_vs_off": ("observed_cheapest", "service_cheapest"),
    "observed_cached_vs_off": ("observed_cached_mix_repeated", "service_cached_mix_repeated"),
    # Compression: the same load with and without Accept-Encoding: gzip.
    "gzip_mix_vs_identity": ("service_mix_gzip", "service_mix"),
    "gzip_cached_vs_identity": ("service_cached_mix_repeated_gzip", "service_cached_mix_repeated"),
}
GZIP = {"Accept-Encoding": "gzip"}

WRK_SCRIPT = """
local paths = {%(paths)s}
local headers = %(headers)s
local counter = 0
local answered = 0
local max_requests = %(max_requests)d
local failures = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], headers)
end

response = function(status, headers, body)
  answered = answered + 1
  if answered >= max_requests then wrk.thread:stop() end
end

done = function(summary, latency, requests)
  io.write(string.format(
    '\\nRESULT {"requests": %%d, "duration_us": %%d, "bytes": %%d, "non_2xx": %%d,'
    .. ' "socket_errors": %%d, "p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000 100000 1000000")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run")
    args = parser.parse_args()
    wrk = find_wrk()
    compile_bytecode(REPO)
    datasette_python = ensure_datasette()
    report = {"machine": machine(), "command": " ".join(sys.argv), "sizes": {}}
    for size in [int(s) for s in args.sizes.split()]:
        database = ensure_database(size)
        print(f"\n== {size} events ({database.name})", file=sys.stderr, flush=True)
        report["sizes"][size] = bench_size(database, wrk, datasette_python, args.duration)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    table = markdown(report)
    (RESULTS / "latest.md").write_text(table)
    print(table)


def compile_bytecode(tree: Path) -> None:
    """Write the bytecode of ``tree``'s Python packages, as installing the image does (pip
    compiles what it installs): otherwise, under ``PYTHONDONTWRITEBYTECODE``, every server
    compiles each module edited since its bytecode was last written, and the cold start
    measures the compiler."""
    for package in ("service", "schemas", "bench"):
        compileall.compile_dir(tree / package, quiet=1)


def find_wrk() -> str:
    """The path of ``wrk``, which every benchmark's load comes from; exits if it is missing."""
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("the benchmarks need wrk (Debian/Ubuntu: apt-get install wrk)")
    return wrk


def ensure_database(size: int) -> Path:
    path = DATA / f"events-{size}-g{GENERATOR_VERSION}-s{SCHEMA_VERSION}.db"
    if not path.exists():
        print(f"generating {path.name} (minutes for 1M events)", file=sys.stderr, flush=True)
        subprocess.run(
            [sys.executable, "-m", "bench.generate", str(size), str(path)], check=True, cwd=REPO
        )
    return path


def ensure_datasette() -> Path:
    """Datasette, and the service's gunicorn version, in a virtualenv of their own."""
    python = DATASETTE_VENV / "bin" / "python"
    if not (DATASETTE_VENV / ".installed").exists():
        print("installing Datasette into bench/.venv-datasette", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        import gunicorn

        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "datasette",
                f"gunicorn=={gunicorn.__version__}",
            ],
            check=True,
        )
        (DATASETTE_VENV / ".installed").touch()
    return python


def bench_size(database: Path, wrk: str, datasette_python: Path, duration: int) -> dict:
    """Start every server, then measure each ratio ``ROUNDS`` times as two adjacent runs.

    The machine is shared and its load changes from minute to minute, so a ratio is never
    taken between runs minutes apart: each is the quotient of two runs back to back, and
    the median over the rounds is reported, with every round's value beside it.
    """
    service_env = {"TIMELINE_DB": str(database), "TIMELINE_RESPONSE_CACHE": "0"}
    cached_env = {**service_env, "TIMELINE_RESPONSE_CACHE": "1"}
    mix, cheapest = windows.service_paths(), [windows.cheapest_service_path()]
    result: dict = {}
    with contextlib.ExitStack() as stack:
        servers = {
            "ceiling": ceiling_server(),
            "service": service_server(service_env),
            "service_cached": service_server(cached_env),
            "replica": service_server({**service_env, "TIMELINE_READ_ONLY": "1"}),
            "datasette": datasette_server(datasette_python, database),
            "observed": service_server(observed(service_env, stack)),
            "observed_cached": service_server(observed(cached_env, stack)),
        }
        loads = {
            "ceiling": ("ceiling", ["/ping"]),
            "service_mix": ("service", mix),
            "service_cheapest": ("service", cheapest),
            "service_early_overlap": ("service", [windows.early_overlap_path()]),
            "service_cached_mix_repeated": ("service_cached", mix),
            "replica_mix": ("replica", mix),
            "datasette_mix": ("datasette", windows.datasette_paths(database.stem)),
            "datasette_cheapest": ("datasette", [windows.cheapest_datasette_path(database.stem)]),
            "observed_mix": ("observed", mix),
            "observed_cheapest": ("observed", cheapest),
            "observed_cached_mix_repeated": ("observed_cached", mix),
            "service_mix_gzip": ("service", mix, GZIP),
            "service_cached_mix_repeated_gzip": ("service_cached", mix, GZIP),
        }
        urls, masters = {}, {}
        for name, server in servers.items():
            urls[name], started_in, masters[name] = stack.enter_context(running(server))
            result[f"{name}_cold_start_s"] = round(started_in, 2)
        for server, *paths_and_headers in loads.values():
            load(wrk, urls[server], *paths_and_headers, seconds=WARMUP_SECONDS)
        runs: dict[str, list[dict]] = {name: [] for name in loads}
        pair_ratios: dict[str, list[float]] = {name: [] for name in PAIRS}
        cpu_ratios: dict[str, list[float]] = {name: [] for name in PAIRS}

        def measure(name: str) -> dict:
            """One run, with the CPU its server's workers spent per answer: steadier than
            requests/s on a shared machine, where other work takes the cores away."""
            server, *paths_and_headers = loads[name]
            workers = worker_pids(masters[server])
            spent = cpu_seconds(workers)
            run = load(wrk, urls[server], *paths_and_headers, seconds=duration)
            spent = cpu_seconds(workers) - spent
            run["cpu_us_per_answer"] = round(spent / max(run["requests"], 1) * 1e6, 1)
            return run

        for number in range(ROUNDS):
            for ratio_name, (numerator, denominator) in PAIRS.items():
                below = measure(denominator)
                above = measure(numerator)
                runs[denominator].append(below)
                runs[numerator].append(above)
                pair_ratios[ratio_name].append(above["rps"] / below["rps"])
                cpu_ratios[ratio_name].append(
                    below["cpu_us_per_answer"] / max(above["cpu_us_per_answer"], 0.1)
                )
            print(
                f"round {number + 1}: "
                + ", ".join(f"{k} {v[-1]:.2f}" for k, v in pair_ratios.items()),
                file=sys.stderr,
                flush=True,
            )
        for name in loads:
            result[name] = median_run(runs[name])
        for name, master in masters.items():
            result[f"{name}_rss_mb"] = max(rss_mb(pid) for pid in worker_pids(master))
        result["ratios"] = {
            name: {
                "median": round(statistics.median(values), 3),
                "spread": spread(values),
                "by_round": [round(v, 3) for v in values],
                # The same ratio from CPU per answer: the denominator's over the numerator's.
                "cpu_median": round(statistics.median(cpu_ratios[name]), 3),
                "cpu_by_round": [round(v, 3) for v in cpu_ratios[name]],
            }
            for name, values in pair_ratios.items()
        }
    measured = inprocess.measure(str(database))
    result["in_process"] = measured["summary"]
    result["in_process_budget"] = measured["budget"]
    return result


def spread(values: list[float]) -> float:
    """(largest - smallest) / median: how far apart the rounds of one ratio fell."""
    return round((max(values) - min(values)) / statistics.median(values), 3)


def median_run(runs: list[dict]) -> dict:
    """The run with the median requests/s, and every run's requests/s beside it."""
    ordered = sorted(runs, key=lambda run: run["rps"])
    return {**ordered[len(ordered) // 2], "rps_of_every_run": [run["rps"] for run in runs]}


def observed(env: dict, stack: contextlib.ExitStack) -> dict:
    """``env`` with metrics and JSON logs on, and the empty metrics directory that
    ``timeline serve``'s start-up hook would make (service/serving/gunicorn_hooks.py)."""
    metrics_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-metrics-"))
    return {
        **env,
        "TIMELINE_METRICS": "on",
        "TIMELINE_LOG_FORMAT": "json",
        "PROMETHEUS_MULTIPROC_DIR": metrics_dir,
    }


def ceiling_server() -> dict:
    return {
        "argv": [str(SERVICE_BIN / "gunicorn"), *front_flags(), "bench.ceiling:asgi_app"],
        "env": {},
        "ready": "/ping",
    }


def service_server(env: dict, workers: int = WORKERS) -> dict:
    return {
        "argv": [
            str(SERVICE_BIN / "gunicorn"),
            *front_flags(workers),
            "service.serving.asgi:create_asgi_app()",
        ],
        "env": env,
        "ready": windows.cheapest_service_path(),
    }


def datasette_server(python: Path, database: Path) -> dict:
    gunicorn = python.parent / "gunicorn"
    return {
        "argv": [
            str(gunicorn),
            *gunicorn_flags(),
            "--worker-class",
            "uvicorn.workers.UvicornWorker",
            "bench.datasette_app:app",
        ],
        "env": {"BENCH_DB": str(database)},
        "ready": windows.cheapest_datasette_path(database.stem),
    }


def gunicorn_flags(workers: int = WORKERS) -> list[str]:
    """The same for every server: one worker, no access log, warnings only, no control socket."""
    return [
        *("--workers", str(workers), "--log-level", "warning", "--error-logfile", "-"),
        "--no-control-socket",
    ]


def front_flags(workers: int = WORKERS) -> list[str]:
    """gunicorn_flags() with the worker the service is deployed with (serving/gunicorn_conf.py)."""
    return [*gunicorn_flags(workers), "--worker-class", gunicorn_conf.worker_class]


class running:
    """Start a server on a free 127.0.0.1 port in its own process group; stop it after."""

    def __init__(self, server: dict):
        self.server = server

    def __enter__(self):
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(REPO), **self.server["env"]}
        self.log = tempfile.TemporaryFile()
        started = time.monotonic()
        self.process = subprocess.Popen(
            [*self.server["argv"], "--bind", f"127.0.0.1:{port}"],
            cwd=self.server.get("cwd", REPO),
            env=env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
            preexec_fn=on_cpus(SERVERS),
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_for(base_url + self.server["ready"], self.process, self.log)
        return base_url, time.monotonic() - started, self.process.pid

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def wait_for(url: str, process: subprocess.Popen, log, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited: {log.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def load(
    wrk: str, base_url: str, paths: list[str], headers: dict | None = None, *, seconds: int
) -> dict:
    """One bounded wrk run cycling through ``paths``: requests/s, p50/p99 latency and the
    bytes of an answer (headers included), on average."""
    lua = ",".join(json.dumps(path) for path in paths)
    lua_headers = (
        "{"
        + ",".join(f"[{json.dumps(k)}]={json.dumps(v)}" for k, v in (headers or {}).items())
        + "}"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            WRK_SCRIPT % {"paths": lua, "headers": lua_headers, "max_requests": MAX_REQUESTS}
        )
    try:
        output = subprocess.run(
            [
                wrk,
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
            preexec_fn=on_cpus(LOAD),
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    raw = json.loads(line.removeprefix("RESULT "))
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "bytes_per_answer": round(raw["bytes"] / max(raw["requests"], 1)),
        "requests": raw["requests"],
        "errors": raw["non_2xx"] + raw["socket_errors"],
    }


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "pinned": (
            "no"
            if PINNED is None
            else f"wrk on CPUs {sorted(PINNED[LOAD])}, servers on {sorted(PINNED[SERVERS])}"
        ),
    }


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def markdown(report: dict) -> str:
    lines = [
        f"Machine: {report['machine']}",
        f"Command: {report['command']}",
        "",
        "| events | run | req/s | p50 ms | p99 ms | bytes per answer | CPU µs per answer"
        " | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size, result in report["sizes"].items():
        for key, value in result.items():
            if isinstance(value, dict) and "rps" in value:
                lines.append(
                    f"| {size} | {key} | {value['rps']} | {value['p50_ms']} | {value['p99_ms']}"
                    f" | {value['bytes_per_answer']} | {value['cpu_us_per_answer']}"
                    f" | {value['errors']} |"
                )
    lines += [
        "",
        "| events | ratio | req/s ratio | spread | from CPU per answer |",
        "|---|---|---|---|---|",
    ]
    for size, result in report["sizes"].items():
        for key, value in result["ratios"].items():
            lines.append(
                f"| {size} | {key} | {value['median']} (rounds: {value['by_round']})"
                f" | {value['spread']:.1%}"
                f" | {value['cpu_median']} (rounds: {value['cpu_by_round']}) |"
            )
    lines += ["", "| events | in process (median / worst over windows, ms) |", "|---|---|"]
    for size, result in report["sizes"].items():
        cells = ", ".join(
            f"{key}: {value['median']} / {value['worst']}"
            for key, value in result["in_process"].items()
        )
        lines.append(f"| {size} | {cells} |")
    lines += [
        "",
        "| events | CPU µs per request in process (bench/inprocess.py budget) |",
        "|---|---|",
    ]
    for size, result in report["sizes"].items():
        cells = ", ".join(f"{key}: {value}" for key, value in result["in_process_budget"].items())
        lines.append(f"| {size} | {cells} |")
    lines += ["", "| events | RSS per worker MB (max) | cold start s |", "|---|---|---|"]
    for size, result in report["sizes"].items():
        rss = {k: v for k, v in result.items() if k.endswith("_rss_mb")}
        cold = {k: v for k, v in result.items() if k.endswith("_cold_start_s")}
        lines.append(f"| {size} | {rss} | {cold} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
