"""The npm tools of the tests (package.json), run from node_modules: `npm ci` installs them."""

import subprocess
from pathlib import Path

from tests.conftest import REPO

NODE_BIN = REPO / "node_modules" / ".bin"


def node_tool(name: str) -> Path:
    """The path of an installed npm tool; fails, saying how to install it, if it is missing."""
    path = NODE_BIN / name
    assert path.exists(), f"{path} is missing: run `npm ci` (make test does)"
    return path


def run_node_tool(name: str, *args: str, check: bool = True, **kwargs):
    """Run an npm tool in the repository; with ``check``, fail showing its output."""
    result = subprocess.run(
        [str(node_tool(name)), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )
    if check:
        assert result.returncode == 0, f"{name} failed:\n{result.stdout}\n{result.stderr}"
    return result
