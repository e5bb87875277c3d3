"""The image, checked where it can be: no container engine here, so the Dockerfile's own steps
run outside one.

The test reads the Dockerfile and does what ``docker build`` and ``docker run`` would: a
fresh virtualenv of the system's Python 3.11 (one any user may run, as in the image) stands
in for the base image's Python; ENV, WORKDIR and COPY are applied;
every RUN step runs with ``/bin/sh -c`` as root, as in a build (its ``useradd`` creates the
image's user here too, once); then CMD runs as the image's USER, an unprivileged user, with
``HOST`` and ``PORT`` set as ``docker run -e`` would, and both the HEALTHCHECK command and a
plain request must find ``/healthz`` answering. The image's directories (``/app``, ``/data``)
are mapped into a temporary directory. Only ``PIP_NO_CACHE_DIR`` is dropped, so pip's cache
keeps this to about half a minute.
"""

import json
import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# The image's Python (python:3.11-slim) is installed for every user; so must this one be.
SYSTEM_PYTHON = shutil.which("python3.11", path="/usr/local/bin:/usr/bin")
COPY_IGNORES = shutil.ignore_patterns("__pycache__", "*.db", "*.db-wal", "*.db-shm")


def instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    lines = [line for line in dockerfile.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            found.append((keyword.upper(), arguments.strip()))
    return found


class Image:
    """The Dockerfile's steps applied to a directory standing in for the image's filesystem."""

    def __init__(self, steps: list[tuple[str, str]], base: Path):
        self.steps = steps
        self.base = base
        self.env: dict[str, str] = {}
        self.workdir = base
        self.user: str | None = None
        self.venv = base / "venv"
        self.image_dirs = sorted(self._image_dirs(), key=len, reverse=True)

    def _image_dirs(self) -> set[str]:
        """The image's own top-level directories: its WORKDIRs and those its ENV names."""
        dirs = set()
        for keyword, arguments in self.steps:
            values = [arguments] if keyword == "WORKDIR" else []
            if keyword == "ENV":
                values = [value for _, value in _assignments(arguments)]
            dirs |= {"/" + value.split("/")[1] for value in values if value.startswith("/")}
        return dirs

    def mapped(self, text: str) -> str:
        for directory in self.image_dirs:
            text = re.sub(
                rf"(?<![\w/.-]){re.escape(directory)}(?=/|\b)", f"{self.base}{directory}", text
            )
        return text

    def build(self) -> None:
        subprocess.run([SYSTEM_PYTHON, "-m", "venv", str(self.venv)], check=True)
        for keyword, arguments in self.steps:
            if keyword == "ENV":
                self.env.update(
                    {name: self.mapped(value) for name, value in _assignments(arguments)}
                )
            elif keyword == "WORKDIR":
                self.workdir = Path(self.mapped(arguments))
                self.workdir.mkdir(parents=True, exist_ok=True)
            elif keyword == "COPY":
                self._copy(shlex.split(arguments))
            elif keyword == "RUN":
                self._run(arguments)
            elif keyword == "USER":
                self.user = arguments

    def _copy(self, arguments: list[str]) -> None:
        *sources, destination = arguments
        target = self.workdir / destination
        for source in sources:
            path = ROOT / source
            if path.is_dir():
                shutil.copytree(path, target, ignore=COPY_IGNORES, dirs_exist_ok=True)
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target / path.name)

    def _run(self, command: str) -> None:
        if command.startswith("useradd") and _user_exists(command.split()[-1]):
            return
        subprocess.run(
            ["/bin/sh", "-c", self.mapped(command)], env=self.environment(), cwd=self.workdir
        ).check_returncode()

    def environment(self, **overrides: str) -> dict[str, str]:
        env = {
            "PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            **self.env,
            **overrides,
        }
        env.pop("PIP_NO_CACHE_DIR", None)
        return env

    def exec_form(self, keyword: str) -> list[str]:
        arguments = next(arguments for kw, arguments in self.steps if kw == keyword)
        if keyword == "HEALTHCHECK":
            arguments = arguments.split(" CMD ", 1)[1]
        return json.loads(arguments)

    def start_as_user(self, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        account = pwd.getpwuid(int(self.user)) if self.user.isdigit() else pwd.getpwnam(self.user)
        return subprocess.Popen(
            command,
            env={**env, "HOME": account.pw_dir},
            cwd=self.workdir,
            user=account.pw_uid,
            group=account.pw_gid,
            extra_groups=[],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _assignments(arguments: str) -> list[tuple[str, str]]:
    return [tuple(word.split("=", 1)) for word in shlex.split(arguments)]


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _healthy(url: str, process: subprocess.Popen, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read().decode()
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url}/healthz did not answer in {timeout} s")


@pytest.fixture
def image_root():
    missing = [
        need
        for need, present in (
            ("root, to create the image's user", os.geteuid() == 0),
            ("useradd", shutil.which("useradd") is not None),
            ("a system-wide python3.11 (apt-get install python3 python3-venv)", SYSTEM_PYTHON),
        )
        if not present
    ]
    if missing:
        message = f"the Dockerfile steps test needs {'; '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI must run it, not skip it)")
        pytest.skip(message)
    base = Path(tempfile.mkdtemp(prefix="timeline-image-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base)


def test_the_dockerfile_steps_build_and_serve_as_an_unprivileged_user(image_root):
    steps = instructions((ROOT / "Dockerfile").read_text())
    image = Image(steps, image_root)
    image.build()
    assert image.user is not None and image.exec_form("CMD") == ["timeline", "serve"]
    port = free_port()
    env = image.environment(HOST="127.0.0.1", PORT=str(port))
    server = image.start_as_user(image.exec_form("CMD"), env)
    try:
        health = _healthy(f"http://127.0.0.1:{port}", server)
        check = image.start_as_user(image.exec_form("HEALTHCHECK"), env)
        assert check.wait(timeout=10) == 0, check.stdout.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/events?limit=1", timeout=5) as page:
            assert len(json.loads(page.read())["items"]) == 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert health["status"] == "ok" and health["events"] > 0
    assert server.returncode == 0
