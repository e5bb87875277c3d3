"""Conditional and partial writes shared by every resource: If-Match and JSON merge patches."""

import re
import typing
from collections.abc import Callable
from typing import TypeVar

import marshmallow as ma
from flask import request
from flask_smorest import abort

from service.http.compression import without_coding
from service.store import Conflict, StaleVersion

PATCH_ATTEMPTS = 3
Written = TypeVar("Written")


# RFC 9110, section 8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 /
# %x23-7E; If-Match is "*" or a comma-separated list of entity tags (a comma may sit inside
# a tag), or empty: a list of no tags, which no version matches (412). Taken with spaces
# around the commas; tabs, empty list elements and obs-text (bytes beyond ASCII, obsolete)
# are refused like any other malformed header. The same pattern is published in the
# contract, where schema tools can generate from it.
_ETAG = r'(W/)?"[!#-~]*"'
IF_MATCH_PATTERN = rf"^ *(\*|{_ETAG}( *, *{_ETAG})*)? *$"
_IF_MATCH = re.compile(IF_MATCH_PATTERN)
_STRONG_OR_WEAK_TAG = re.compile(r'(W/)?"([!#-~]*)"')


def if_match_versions() -> frozenset[str] | None:
    """The versions If-Match accepts; None when the write is unconditional (absent or ``*``).

    Strong comparison (RFC 9110, section 13.1.1): a weak tag never matches, so a header of
    weak tags only accepts nothing (412). A header that is not ``*`` or a list of entity
    tags is a 400, never taken as absent. An ETag sent with a gzipped answer names the same
    version (service/http/compression.py).
    """
    header = request.headers.get("If-Match")
    if header is None:
        return None
    if not _IF_MATCH.fullmatch(header):
        _malformed(header)
    if header.strip(" \t") == "*":
        return None
    return frozenset(
        without_coding(opaque) for weak, opaque in _STRONG_OR_WEAK_TAG.findall(header) if not weak
    )


def _malformed(header: str) -> typing.NoReturn:
    abort(
        400,
        messages={"headers": {"If-Match": [f"{header!r} is not '*' or a list of entity tags"]}},
    )


def apply_merge_patch(
    patch: dict,
    *,
    item: str,
    current: Callable[[], tuple[str, dict]],
    schema: ma.Schema,
    write: Callable[[dict, frozenset[str]], Written],
) -> Written:
    """Merge ``patch`` into the item's record, check it with ``schema`` and write it.

    ``current`` returns the item's version and record. Without If-Match, a patch whose base
    changed before it was written is re-applied to the newer version (a few times); with
    If-Match, a changed item fails with 412.
    """
    required = if_match_versions()
    for _ in range(PATCH_ATTEMPTS):
        version, record = current()
        merged = valid_record(schema, merge_patch(record, patch), record["id"])
        try:
            return write(merged, frozenset({version}) if required is None else required)
        except StaleVersion:
            if required is not None:
                raise
    raise Conflict(f"{item} kept changing while being patched; try again")


def valid_record(schema: ma.Schema, merged: object, item_id: str) -> dict:
    """The patched record, cleaned by ``schema``, or a 422 naming every invalid member."""
    if not isinstance(merged, dict):
        abort(422, messages={"json": {"": ["a merge patch must be a JSON object"]}})
    if merged.get("id") != item_id:
        abort(422, messages={"json": {"id": ["the id cannot be changed"]}})
    try:
        return schema.load(merged)
    except ma.ValidationError as error:
        abort(422, messages={"json": error.messages})


def merge_patch(target: object, patch: object) -> object:
    """JSON Merge Patch (RFC 7396): a patch's members replace the target's; ``null`` removes one."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged
