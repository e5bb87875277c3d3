"""Opaque page cursors, in URL-safe base64: a position in the timeline order, or in an
event's history.

A cursor is taken apart and checked in full before it is used. A timeline cursor holds its
version, its sort, two calendar days in ASCII digits (the first not after the second) and an
event id; a history cursor its version, the word ``history`` and the id of the last change
given, a positive 63-bit integer. Whatever else a client sends as a cursor, one of the other
kind included, is a 400, never an error deeper in.
"""

import base64
import binascii
import re
from datetime import date

import orjson

from schemas.common import SLUG_PATTERN
from schemas.event import NEWEST_FIRST, OLDEST_FIRST
from service.store.events import EventKey

_VERSION = 1
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID = re.compile(SLUG_PATTERN)
_MAX_ID_LENGTH = 100
_HISTORY = "history"
_MAX_CHANGE_ID = 2**63 - 1
NOT_ISSUED = "cursor is not one this service issued"


class InvalidCursor(ValueError):
    """A cursor this service did not issue for this sort order."""


def encode_cursor(key: EventKey, *, newest_first: bool) -> str:
    return _encoded([_VERSION, _sort(newest_first), key.start, key.end, key.id])


def encode_history_cursor(change_id: int) -> str:
    """The cursor of the history page after the change ``change_id`` (older changes)."""
    return _encoded([_VERSION, _HISTORY, change_id])


def decode_history_cursor(token: str) -> int:
    """The change id a history cursor names; ``InvalidCursor`` for anything else."""
    payload = _payload(token)
    if not (isinstance(payload, list) and len(payload) == 3 and _is_version(payload[0])):
        raise InvalidCursor(NOT_ISSUED)
    _, kind, change_id = payload
    if kind != _HISTORY or type(change_id) is not int or not 0 < change_id <= _MAX_CHANGE_ID:
        raise InvalidCursor(NOT_ISSUED)
    return change_id


def decode_cursor(token: str, *, newest_first: bool) -> EventKey:
    payload = _payload(token)
    if not (isinstance(payload, list) and len(payload) == 5 and _is_version(payload[0])):
        raise InvalidCursor(NOT_ISSUED)
    _, sort, start, end, event_id = payload
    if not all(isinstance(value, str) for value in (sort, start, end, event_id)):
        raise InvalidCursor(NOT_ISSUED)
    if sort not in (OLDEST_FIRST, NEWEST_FIRST) or not _is_event_id(event_id):
        raise InvalidCursor(NOT_ISSUED)
    if not _days_in_order(start, end):
        raise InvalidCursor(NOT_ISSUED)
    if sort != _sort(newest_first):
        raise InvalidCursor(f"cursor was issued for sort={sort}; use the same sort to follow it")
    return EventKey(start, end, event_id)


def _encoded(payload: list) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


def _payload(token: str) -> object:
    try:
        padded = token + "=" * (-len(token) % 4)
        return orjson.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (binascii.Error, ValueError):
        raise InvalidCursor(NOT_ISSUED) from None


def _is_event_id(text: str) -> bool:
    return len(text) <= _MAX_ID_LENGTH and _ID.fullmatch(text) is not None


def _days_in_order(start: str, end: str) -> bool:
    if not (_DAY.fullmatch(start) and _DAY.fullmatch(end)):
        return False
    try:
        return date.fromisoformat(start) <= date.fromisoformat(end)
    except ValueError:
        return False


def _is_version(value: object) -> bool:
    return type(value) is int and value == _VERSION


def _sort(newest_first: bool) -> str:
    return NEWEST_FIRST if newest_first else OLDEST_FIRST
