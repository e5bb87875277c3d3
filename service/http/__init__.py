"""HTTP plumbing the views share: read-only mode, links, auth, body rules, headers,
compression, the response cache, static assets and view marks.

May import ``core``, ``config``, ``errors``, the store, ``files`` and ``schemas``, and the
note keys of ``observability/request_notes.py``; never a view, ``formats`` or ``serving``.
"""
