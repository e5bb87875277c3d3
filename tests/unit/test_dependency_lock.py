"""The lock files agree with pyproject.toml, and the check notices when they stop agreeing."""

import shutil

import pytest

from tests.helpers import REPO
from tools.dependency_lock import LOCKS, declared_dependencies, problems, stamp


@pytest.mark.parametrize("lock", LOCKS, ids=lambda lock: lock.name)
def test_the_committed_locks_were_compiled_from_pyproject_as_it_is(lock):
    assert problems(lock, declared_dependencies()) == []


def test_a_new_dependency_makes_both_locks_stale_naming_it(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    text = (REPO / "pyproject.toml").read_text()
    pyproject.write_text(
        text.replace('    "click>=8.1",\n', '    "click>=8.1",\n    "Feed_Gen>=1",\n')
    )
    changed = declared_dependencies(pyproject)
    for lock in LOCKS:
        (problem,) = problems(lock, changed)
        assert problem.endswith("it pins nothing for feed-gen")


def test_a_changed_version_range_makes_the_lock_stale(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    text = (REPO / "pyproject.toml").read_text()
    pyproject.write_text(text.replace('"click>=8.1"', '"click>=8.2"'))
    assert problems(LOCKS[0], declared_dependencies(pyproject)) == [
        "requirements.lock was not compiled from pyproject.toml's dependencies as they are"
    ]


def test_a_restamped_lock_agrees_again(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text((REPO / "pyproject.toml").read_text().replace(">=8.1", ">=8.2"))
    lock = shutil.copy(LOCKS[0], tmp_path / "requirements.lock")
    stamp(lock, declared_dependencies(pyproject))
    assert problems(lock, declared_dependencies(pyproject)) == []
    assert problems(lock, declared_dependencies()) != []
