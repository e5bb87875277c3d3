"""The contract from a frontend's side: TypeScript types generated from openapi.yaml by
openapi-typescript, a small strict client written against them (clients/typescript/), and
the client run with node's test runner against the real server.

A contract change that breaks a frontend breaks here: the committed types go stale, or the
client no longer type-checks, or it no longer works against the server.
"""

import os
import subprocess

import pytest

from tests.helpers import REPO, TOKEN, Server, node_tool, run_node_tool

CLIENT = "clients/typescript"


def test_committed_types_are_what_openapi_typescript_makes_of_the_contract():
    """`npm run types` (make openapi runs it) writes them; with --check it compares."""
    node_tool("openapi-typescript")
    result = subprocess.run(
        ["npm", "run", "--silent", "types", "--", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"run `npm run types`:\n{result.stdout}\n{result.stderr}"


def test_the_client_type_checks_with_strict_typescript():
    run_node_tool("tsc", "--noEmit", "-p", CLIENT)


@pytest.mark.slow
def test_the_client_lists_reads_creates_patches_and_deletes_on_the_live_server(tmp_path):
    """The compiled client's own tests (src/client.test.mts), run by node --test."""
    compiled = tmp_path / "compiled"
    run_node_tool("tsc", "-p", CLIENT, "--noCheck", "--outDir", str(compiled))
    server = Server(tmp_path / "timeline.db").start()
    try:
        result = subprocess.run(
            ["node", "--test", "--test-reporter=spec", str(compiled / "client.test.mjs")],
            env={**os.environ, "TIMELINE_URL": server.url, "TIMELINE_TOKEN": TOKEN},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.stop()
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert "# fail 0" in result.stdout or "ℹ fail 0" in result.stdout, result.stdout
    print(result.stdout)
