"""HTTP plumbing the views share: read-only mode, links, auth, body rules, CORS, headers,
compression, the response cache, static assets and view marks.

May import ``core``, ``config``, ``errors``, the store, ``files`` and ``schemas``, the note
keys of ``observability/request_notes.py`` and the export registry
(``formats/registry.py``, for what to gzip); never a view or ``serving``.
"""
