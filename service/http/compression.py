"""Compressed answers: gzip for clients that accept it, one strong ETag per coding.

A GET or HEAD answered 200 with a text type (JSON, HTML, YAML, CSS, JavaScript, the
metrics, and every format the registry in service/formats/registry.py marks compressible:
CSV, iCalendar, the Atom feed) of at least ``MIN_BYTES`` is gzipped when ``Accept-Encoding``
accepts gzip, and every such answer says ``Vary: Accept-Encoding``. Its ETag names the bytes
sent: the revision-keyed ETag hashes the coding with the URL (service/http/response_cache.py, so
the cache keeps a compressed and a plain copy apart and replays either at no extra cost), a
view's own version gets ``-gzip`` appended, and a body's hash is taken after compressing.
``If-Match`` on writes compares the item's version with the suffix taken off.
The compressed bytes are the same every time (no timestamp in the header), so are the ETags.
"""

import gzip
from functools import lru_cache

from flask import Response

from service.formats.registry import FORMATS

GZIP = "gzip"
IDENTITY = "identity"
GZIP_SUFFIX = "-gzip"
# Below this a gzip header and trailer (18 bytes) and a packet saved are not worth the CPU.
MIN_BYTES = 1024
# zlib's level 6 is its default; it compresses a 20 KB page in ~0.2 ms.
LEVEL = 6
# Text the service sends besides its formats: its own JSON and problems, the contract, the
# pages and their assets.
OTHER_COMPRESSIBLE_TYPES = (
    "application/json",
    "application/problem+json",
    "application/yaml",
    "application/javascript",
    "text/javascript",
    "text/html",
    "text/css",
    "text/plain",
    "image/svg+xml",
)
COMPRESSIBLE_TYPES = frozenset(
    (*OTHER_COMPRESSIBLE_TYPES, *(f.media_type for f in FORMATS if f.compressible))
)


def negotiated_encoding(environ: dict) -> str:
    """``gzip`` when the request's ``Accept-Encoding`` accepts it, else ``identity``."""
    return accepted_coding(environ.get("HTTP_ACCEPT_ENCODING", ""))


@lru_cache(maxsize=128)
def accepted_coding(accept_encoding: str) -> str:
    """RFC 9110 12.5.3: gzip (or ``x-gzip``, or ``*``) with a non-zero weight."""
    header = accept_encoding.lower()
    if "gzip" not in header and "*" not in header:
        return IDENTITY
    weights = {}
    for item in header.split(","):
        coding, _, parameters = item.partition(";")
        weights[coding.strip()] = _weight(parameters)
    gzip_weight = weights.get(GZIP, weights.get("x-gzip", weights.get("*", 0.0)))
    return GZIP if gzip_weight > 0 else IDENTITY


def _weight(parameters: str) -> float:
    name, _, value = parameters.partition("=")
    if name.strip() != "q":
        return 1.0
    try:
        return float(value.strip())
    except ValueError:
        return 0.0


def compress(response: Response, encoding: str) -> None:
    """Gzip a GET's 200 answer in place if the client accepts it and it is worth it. (The
    caller, service/http/headers.py, has already said ``Vary: Accept-Encoding``.)"""
    if response.mimetype not in COMPRESSIBLE_TYPES:
        return
    if encoding != GZIP or response.status_code != 200 or "Content-Encoding" in response.headers:
        return
    response.direct_passthrough = False  # a static file is read to be compressed
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return
    response.set_data(gzip.compress(body, compresslevel=LEVEL, mtime=0))
    response.headers["Content-Encoding"] = GZIP
    etag, weak = response.get_etag()
    if etag is not None:
        response.set_etag(etag + GZIP_SUFFIX, weak)


def without_coding(etag: str) -> str:
    """The item's own version in an ETag this service sent with either coding."""
    return etag.removesuffix(GZIP_SUFFIX)
