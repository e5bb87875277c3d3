"""The timeline service: dated events from news articles as a REST API.

Dependencies point down, never up (tests/unit/test_import_direction.py checks it):

- ``app`` and ``cli`` sit on top and may import anything.
- ``api/`` and ``web/`` (views) may import the store, ``dataset``, the formats, ``errors``
  and ``schemas``; a view never imports another view (shared parts have modules of their
  own: ``api/event_query.py``, ``api/conditional.py``, ``api/openapi.py``).
- ``dataset``, the formats (``csv_format``, ``ics_format``, ``timelinejs_format``) and the
  request hooks (``auth``, ``body_rules``, ``read_only``, ``response_cache``,
  ``http_headers``, ``errors``) may import the store and ``schemas``.
- ``store/`` may import ``schemas`` and the leaf modules, never the views, ``dataset`` or Flask.
- ``schemas/`` may import only the leaf modules.
- The leaf modules (``kinds``, ``dates``, ``histogram``) import nothing from ``service`` or
  ``schemas`` but each other. This file imports nothing at all.
- ``drafts/`` (the date resolver) imports only itself and the leaf modules: pure functions,
  no Flask, no store. ``draft_dataset`` builds draft files on it; ``drafting`` (reading a
  draft request, the answer's shape), ``draft_slots`` (drafts at once per worker) and
  ``view_marks`` (what a view writes and takes, for the hooks) are what the draft views share.
"""
