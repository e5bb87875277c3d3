"""The fronts side by side: gunicorn's sync and gthread workers against the deployed one.

``python -m bench.fronts DATABASE [ROUNDS] [SECONDS]`` starts, all at once, the ceiling and
the service (response cache off) behind each front: gunicorn's sync worker (what
``make bench`` measured before), its gthread worker with 4 threads (what production ran
before) and the service's own (service/serving/). Each round measures every server back to
back with the same wrk load as bench/run.py; ratios are taken within a round, medians
printed, with RSS per worker. On a shared machine this interleaving is what makes fronts
comparable: whole ``make bench`` runs minutes apart drift more than the fronts differ.
"""

import contextlib
import statistics
import sys
from pathlib import Path

from bench import run, windows

FRONTS = {
    "sync": [],
    "gthread": ["--worker-class", "gthread", "--threads", "4"],
}


def servers(database: Path) -> dict[str, dict]:
    gunicorn = str(run.SERVICE_BIN / "gunicorn")
    service_env = {"TIMELINE_DB": str(database), "TIMELINE_RESPONSE_CACHE": "0"}
    ready = windows.cheapest_service_path()
    found = {}
    for front, flags in FRONTS.items():
        argv = [gunicorn, *run.gunicorn_flags(), *flags]
        found[f"ceiling_{front}"] = {"argv": [*argv, "bench.ceiling:app"], "ready": "/ping"}
        found[f"service_{front}"] = {"argv": [*argv, "service.app:create_app()"], "ready": ready}
    argv = [gunicorn, *run.front_flags()]
    found["ceiling_deployed"] = {"argv": [*argv, "bench.ceiling:asgi_app"], "ready": "/ping"}
    found["service_deployed"] = {
        "argv": [*argv, "service.serving.asgi:create_asgi_app()"],
        "ready": ready,
    }
    for name, server in found.items():
        server["env"] = service_env if name.startswith("service") else {}
    return found


def main() -> None:
    database = Path(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    wrk = run.find_wrk()
    loads = {"mix": windows.service_paths(), "cheapest": [windows.cheapest_service_path()]}
    fronts = [*FRONTS, "deployed"]
    with contextlib.ExitStack() as stack:
        started = {n: stack.enter_context(run.running(s)) for n, s in servers(database).items()}
        for name, (url, _, _) in started.items():
            run.load(wrk, url, ["/ping"] if name.startswith("ceiling") else loads["mix"], 1)
        rps: dict[str, list[float]] = {}
        for _ in range(rounds):
            for load, paths in loads.items():
                for front in fronts:
                    ceiling = run.load(wrk, started[f"ceiling_{front}"][0], ["/ping"], seconds)
                    service = run.load(wrk, started[f"service_{front}"][0], paths, seconds)
                    rps.setdefault(f"{front} ceiling", []).append(ceiling["rps"])
                    rps.setdefault(f"{front} {load}", []).append(service["rps"])
                    ratio = service["rps"] / ceiling["rps"]
                    rps.setdefault(f"{front} {load}/ceiling", []).append(ratio)
        for name, values in rps.items():
            print(f"{name}: median {statistics.median(values):.3f} (of {len(values)})")
        for name, (_, _, master) in started.items():
            rss = max(run.rss_mb(pid) for pid in run.worker_pids(master))
            print(f"{name}: RSS per worker {rss} MB")


if __name__ == "__main__":
    main()
