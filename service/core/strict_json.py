"""The one JSON reader for what clients and files send: request bodies, datasets, CSV cells.

It refuses what the service could neither store nor write back: nesting deeper than 1024,
numbers beyond a double (an integer of thousands of digits), lone UTF-16 surrogates and
invalid UTF-8. Integers beyond 64 bits are read as doubles; the schemas bound figures.
"""

import orjson

InvalidJSON = orjson.JSONDecodeError


def parse_json(text: str | bytes) -> object:
    """The JSON value of ``text``; raises ``InvalidJSON`` (a ``ValueError``) saying why not."""
    return orjson.loads(text)
