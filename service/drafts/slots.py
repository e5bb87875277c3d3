"""At most ``TIMELINE_DRAFTS_AT_ONCE`` drafts at a time in each worker, so drafts cannot
starve reads: one more is answered 429 with ``Retry-After`` at once, never queued."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app


class DraftsBusy(RuntimeError):
    """Every drafting slot of this worker is taken."""


def init_app(app: Flask) -> None:
    app.extensions["draft_slots"] = threading.BoundedSemaphore(
        app.config["TIMELINE_DRAFTS_AT_ONCE"]
    )


@contextmanager
def draft_slot() -> Iterator[None]:
    slots = current_app.extensions["draft_slots"]
    if not slots.acquire(blocking=False):
        raise DraftsBusy(
            f"this server is already drafting {current_app.config['TIMELINE_DRAFTS_AT_ONCE']} "
            "texts; try again in a second"
        )
    try:
        yield
    finally:
        slots.release()
