"""The timeline service: dated events from news articles as a REST API.

service/ is grouped by concern; dependencies point down, never up
(tests/unit/test_import_direction.py checks each rule):

- ``app`` and ``cli`` sit on top and may import anything; ``config`` and ``errors`` are
  shared by all below them.
- ``api/`` and ``web/`` (views) may import every group below; a view never imports another
  view (shared parts have modules of their own: ``api/event_query.py``,
  ``api/conditional.py``, ``api/openapi.py``).
- ``serving/`` (gunicorn's configuration and hooks, the uvicorn front) wraps the app;
  nothing in the application imports it.
- ``observability/`` (metrics, request ids, the access log) and ``http/`` (request hooks,
  headers, compression, the response cache) never import a view.
- ``formats/`` (CSV, XLSX, iCalendar, TimelineJS, Atom) and ``files/`` (db, snapshots, the
  dataset) may import the store, ``schemas`` and ``core``.
- ``drafts/``: ``resolver/`` is pure (itself and ``core`` only); the rest is what the draft
  views share.
- ``store/`` may import ``schemas`` and ``core``, never the views, ``files.dataset`` or Flask.
- ``schemas/`` may import only ``core``.
- ``core/`` (kinds, dates, display dates, figures, histogram, strict JSON) imports nothing
  from ``service`` or ``schemas`` but itself. This file imports nothing at all.
"""
