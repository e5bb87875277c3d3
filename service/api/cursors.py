"""Opaque page cursors: a position in the timeline order, in URL-safe base64."""

import base64
import binascii
import re

import orjson

from schemas.event import NEWEST_FIRST, OLDEST_FIRST
from service.store.events import EventKey

_VERSION = 1
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class InvalidCursor(ValueError):
    """A cursor this service did not issue for this sort order."""


def encode_cursor(key: EventKey, *, newest_first: bool) -> str:
    payload = [_VERSION, _sort(newest_first), key.start, key.end, key.id]
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


def decode_cursor(token: str, *, newest_first: bool) -> EventKey:
    try:
        padded = token + "=" * (-len(token) % 4)
        version, sort, start, end, event_id = orjson.loads(base64.urlsafe_b64decode(padded))
    except (binascii.Error, ValueError, TypeError):
        raise InvalidCursor("cursor is not one this service issued") from None
    if version != _VERSION or not all(isinstance(v, str) for v in (sort, start, end, event_id)):
        raise InvalidCursor("cursor is not one this service issued")
    if not (_DAY.fullmatch(start) and _DAY.fullmatch(end)):
        raise InvalidCursor("cursor is not one this service issued")
    if sort != _sort(newest_first):
        raise InvalidCursor(f"cursor was issued for sort={sort}; use the same sort to follow it")
    return EventKey(start, end, event_id)


def _sort(newest_first: bool) -> str:
    return NEWEST_FIRST if newest_first else OLDEST_FIRST
