"""Start the real server (``timeline serve`` → gunicorn) on a free port, and stop it."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

TIMELINE = Path(sys.executable).with_name("timeline")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(base_url: str, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{base_url} did not become healthy in {timeout}s")


@pytest.fixture
def server(tmp_path):
    """A gunicorn server with 2 workers on a fresh database; yields its base URL."""
    port = free_port()
    env = {**os.environ, "TIMELINE_DB": str(tmp_path / "timeline.db"), "PORT": str(port)}
    process = subprocess.Popen(
        [str(TIMELINE), "serve", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, process)
        yield base_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        process.stderr.close()
