"""Static files with their content's hash in the URL, so browsers may keep them for a year.

``url_for('static', filename='timeline.css')`` (and the Swagger UI files of ``/docs``) gives
``/static/timeline.css?v=<hash>``, the hash of the file's bytes. An answer to a URL whose
``v`` is the current hash is ``Cache-Control: public, max-age=31536000, immutable``: a new
file has a new URL. Any other ``v`` (a page from before a deploy) still gets the file, with
the ordinary short ``max-age``.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, request

VERSION_PARAMETER = "v"
ONE_YEAR = 365 * 24 * 3600
HASH_CHARS = 16


def init_app(app: Flask, more_folders: dict[str, Path]) -> None:
    """Hash the files of the app's ``static`` endpoint and of ``more_folders`` (endpoint →
    folder; each endpoint takes a ``filename``).

    Register before service.http.headers: Flask runs ``after_request`` hooks last
    registered first, so this one then runs after it and its Cache-Control stands."""
    folders = {"static": Path(app.static_folder), **more_folders}

    def add_content_hash(endpoint: str, values: dict) -> None:
        folder = folders.get(endpoint)
        if folder is not None and "filename" in values:
            digest = content_hash(folder, values["filename"])
            if digest is not None:
                values.setdefault(VERSION_PARAMETER, digest)

    def cache_hashed_assets_for_long(response: Response) -> Response:
        folder = folders.get(request.endpoint or "")
        if folder is None or response.status_code not in (200, 304):
            return response
        sent = request.args.get(VERSION_PARAMETER)
        if sent is not None and sent == content_hash(folder, request.view_args["filename"]):
            response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        return response

    app.url_defaults(add_content_hash)
    app.after_request(cache_hashed_assets_for_long)


@lru_cache(maxsize=256)
def content_hash(folder: Path, filename: str) -> str | None:
    """The first characters of the file's sha256, or None if it is not a file in ``folder``."""
    path = (folder / filename).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_CHARS]
