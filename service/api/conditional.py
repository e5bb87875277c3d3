"""Conditional and partial writes shared by every resource: If-Match and JSON merge patches."""

from collections.abc import Callable
from typing import TypeVar

import marshmallow as ma
from flask import request
from flask_smorest import abort

from service.compression import without_coding
from service.store import Conflict, StaleVersion

PATCH_ATTEMPTS = 3
Written = TypeVar("Written")


def if_match_versions() -> frozenset[str] | None:
    """The versions If-Match accepts; None when the write is unconditional (absent or ``*``).

    An ETag sent with a gzipped answer names the same version (service/compression.py)."""
    if not request.if_match or request.if_match.star_tag:
        return None
    tags = request.if_match.as_set(include_weak=False)
    return frozenset(without_coding(tag or "") for tag in tags)


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
            return write(merged, required or frozenset({version}))
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
