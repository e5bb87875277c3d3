"""Before and after in one run: the service of another commit beside this checkout's.

``python -m bench.compare REF [--after REF2] [--sizes "100000"] [--seconds 5] [--rounds 5]``
checks REF (and REF2, if given) out into a detached git worktree (bench/.before/<commit>,
made once), then starts, at once and each with one worker, the ceiling, the service with the
response cache off and with it on, for REF and for this checkout (or REF2), all on the same
database (bench/run.py makes it) and with this virtualenv (REF must run on today's pinned
dependencies). Each round measures, for each
tree, the ceiling and then each read path back to back, so every figure below comes from
runs seconds apart:

- for each tree, each read path's requests/s over its own tree's ceiling (bench/run.py's
  ratios);
- for each read path, after's requests/s over before's, and the same for the ceiling, and
  the worker's CPU time per answer, before over after (steadier on a shared machine):
  what the change cost or won, the front included.

Medians over the rounds, with the spread ((largest - smallest) / median) beside each, and
RSS per worker after the loads and cold start (from starting gunicorn to the first answer;
the servers start one after another, before and after alternately). Written to
bench/results/compare-<before>-<after>.md.
"""

import argparse
import contextlib
import statistics
import subprocess
import sys
from pathlib import Path

from bench import run, windows

BEFORE_TREES = run.BENCH / ".before"
READ_PATHS = {
    "mix": (False, windows.service_paths),
    "cheapest": (False, lambda: [windows.cheapest_service_path()]),
    "cached_mix_repeated": (True, windows.service_paths),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="the commit to compare against (the 'before')")
    parser.add_argument("--after", help="a commit to measure instead of this checkout")
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--seconds", type=int, default=5, help="seconds per measured run")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    wrk = run.find_wrk()
    commit, before = checkout(args.ref)
    after_commit, after = checkout(args.after) if args.after else (head(), run.REPO)
    for tree in (before, after):
        run.compile_bytecode(tree)
    lines = [
        f"Before: {args.ref} ({commit[:10]}); after: {args.after or 'this checkout'}"
        f" ({after_commit[:10]}).",
        f"Machine: {run.machine()}",
        f"One worker per server, wrk 1 thread {run.CONNECTIONS} connections, "
        f"{args.seconds} s per run, {args.rounds} rounds.",
        "",
    ]
    for size in [int(s) for s in args.sizes.split()]:
        database = run.ensure_database(size)
        print(f"\n== {size} events", file=sys.stderr, flush=True)
        lines += compare(wrk, before, after, database, args.seconds, args.rounds, size)
    text = "\n".join(lines) + "\n"
    run.RESULTS.mkdir(exist_ok=True)
    (run.RESULTS / f"compare-{commit[:10]}-{after_commit[:10]}.md").write_text(text)
    print(text)


def checkout(ref: str) -> tuple[str, Path]:
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"],
        cwd=run.REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    tree = BEFORE_TREES / commit
    if not tree.exists():
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), commit], cwd=run.REPO, check=True
        )
    return commit, tree


def head() -> str:
    return subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=run.REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def servers(tree: Path, database: Path) -> dict[str, dict]:
    """The ceiling and the service, cache off and on, of ``tree``, one worker each."""
    gunicorn = str(run.SERVICE_BIN / "gunicorn")
    service_env = {
        "TIMELINE_DB": str(database),
        "TIMELINE_RESPONSE_CACHE": "0",
        "PYTHONPATH": str(tree),
    }
    # gunicorn puts its working directory first on the import path: the tree's code is run.
    argv = [gunicorn, *run.front_flags(1)]
    ready = windows.cheapest_service_path()
    app = "service.serving.asgi:create_asgi_app()"
    return {
        "ceiling": {
            "argv": [*argv, "bench.ceiling:asgi_app"],
            "env": {"PYTHONPATH": str(tree)},
            "ready": "/ping",
            "cwd": tree,
        },
        "service": {"argv": [*argv, app], "env": service_env, "ready": ready, "cwd": tree},
        "service_cached": {
            "argv": [*argv, app],
            "env": {**service_env, "TIMELINE_RESPONSE_CACHE": "1"},
            "ready": ready,
            "cwd": tree,
        },
    }


def compare(
    wrk: str, before: Path, after: Path, database: Path, seconds: int, rounds: int, size: int
):
    trees = {"before": before, "after": after}
    rps: dict[tuple[str, str], list[float]] = {}
    cpu: dict[tuple[str, str], list[float]] = {}
    with contextlib.ExitStack() as stack:
        started, cold = {}, {}
        made = {label: servers(tree, database) for label, tree in trees.items()}
        for name in made["after"]:
            for label in trees:
                url, cold[label, name], master = stack.enter_context(run.running(made[label][name]))
                started[label, name] = (url, master)
        for label in trees:
            for cached, paths in READ_PATHS.values():
                server = "service_cached" if cached else "service"
                run.load(wrk, started[label, server][0], paths(), seconds=2)

        def measure(label: str, path_name: str, server: str, paths: list[str]) -> None:
            url, master = started[label, server]
            workers = run.worker_pids(master)
            spent = run.cpu_seconds(workers)
            answered = run.load(wrk, url, paths, seconds=seconds)
            spent = run.cpu_seconds(workers) - spent
            rps.setdefault((label, path_name), []).append(answered["rps"])
            cpu.setdefault((label, path_name), []).append(
                spent / max(answered["requests"], 1) * 1e6
            )

        for number in range(rounds):
            for label in trees:
                measure(label, "ceiling", "ceiling", ["/ping"])
                for path_name, (cached, paths) in READ_PATHS.items():
                    measure(label, path_name, "service_cached" if cached else "service", paths())
            print(f"round {number + 1} done", file=sys.stderr, flush=True)
        rss = {
            key: max(run.rss_mb(pid) for pid in run.worker_pids(master))
            for key, (_, master) in started.items()
        }
    return table(size, rps, cpu, rss, cold)


def table(size: int, rps: dict, cpu: dict, rss: dict, cold: dict) -> list[str]:
    lines = [
        f"### {size:,} events",
        "",
        "| read path | before req/s | after req/s | after / before (spread) "
        "| before / ceiling (spread) | after / ceiling (spread) |",
        "|---|---|---|---|---|---|",
    ]
    for path_name in ("ceiling", *READ_PATHS):
        before, after = rps["before", path_name], rps["after", path_name]
        change = [a / b for a, b in zip(after, before, strict=True)]
        cells = [
            path_name,
            f"{statistics.median(before):,.0f}",
            f"{statistics.median(after):,.0f}",
            described(change),
        ]
        for label in ("before", "after"):
            ratios = [
                v / c for v, c in zip(rps[label, path_name], rps[label, "ceiling"], strict=True)
            ]
            cells.append(described(ratios))
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "The same from the worker's CPU time per answer, steadier on a shared machine:",
        "",
        "| read path | before CPU µs per answer | after | before / after (spread) |",
        "|---|---|---|---|",
    ]
    for path_name in ("ceiling", *READ_PATHS):
        before, after = cpu["before", path_name], cpu["after", path_name]
        saved = [b / a for a, b in zip(after, before, strict=True)]
        lines.append(
            f"| {path_name} | {statistics.median(before):,.0f} | {statistics.median(after):,.0f}"
            f" | {described(saved)} |"
        )
    lines += [
        "",
        "| server | RSS per worker MB, before | after | cold start s, before | after |",
        "|---|---|---|---|---|",
    ]
    for name in ("ceiling", "service", "service_cached"):
        lines.append(
            f"| {name} | {rss['before', name]} | {rss['after', name]}"
            f" | {cold['before', name]:.2f} | {cold['after', name]:.2f} |"
        )
    return [*lines, ""]


def described(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({run.spread(values):.1%})"


if __name__ == "__main__":
    main()
