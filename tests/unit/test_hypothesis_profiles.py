"""`make test` runs every hypothesis example a test asks for; `make test-fast` runs the
"fast" profile (tests/conftest.py), which gives the property tests a quarter of theirs."""

import subprocess
import sys

from tests.helpers import REPO

# A property test whose count goes through tests.helpers.examples, imported afresh under
# each profile in a new interpreter, so this run's own profile does not leak in.
PROBE = """
import importlib
from hypothesis import settings
import tests.conftest
from tests.store import test_text_search as module
for profile in ("default", "ci", "fast"):
    settings.load_profile(profile)
    module = importlib.reload(module)
    test = module.test_any_text_is_a_valid_search_and_finds_the_event_whose_title_holds_it
    print(profile, test._hypothesis_internal_use_settings.max_examples)
"""


def examples_by_profile() -> dict[str, int]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, check=True
    )
    return {profile: int(count) for profile, count in map(str.split, result.stdout.splitlines())}


def pytest_command_of(target: str) -> str:
    """The pytest line `make target` would run (make -n prints it without running it)."""
    result = subprocess.run(
        ["make", "-n", target], cwd=REPO, capture_output=True, text=True, check=True
    )
    (line,) = [line for line in result.stdout.splitlines() if " -m pytest" in line]
    return line


def test_the_default_and_ci_profiles_run_every_example_and_fast_a_quarter():
    assert examples_by_profile() == {"default": 400, "ci": 400, "fast": 100}


def test_make_test_loads_no_profile_and_make_test_fast_loads_the_fast_one():
    assert "--hypothesis-profile" not in pytest_command_of("test")
    assert pytest_command_of("test-fast").endswith("--hypothesis-profile=fast")
