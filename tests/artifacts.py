"""Where tests leave what a person should look at: figures and screenshots (git-ignored)."""

import json
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def record_figures(name: str, figures: dict) -> None:
    """Keep a test's measured figures in test-artifacts/NAME.json for the run's report."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.json").write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
