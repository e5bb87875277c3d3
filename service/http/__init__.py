"""HTTP plumbing the views share: read-only mode, links, auth, body rules, headers,
compression, the response cache, static assets and view marks.

May import ``core``, ``errors``, the store, ``schemas`` and Flask; never a view, ``formats``
or ``serving``.
"""
