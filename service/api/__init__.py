"""The JSON API: one blueprint per resource, each view a few lines over the store.

May import the store, ``dataset``, the export formats, ``errors``, ``db`` and ``schemas``.
A view module never imports another view module: what views share lives in
``event_query.py`` (the ``GET /events`` query), ``conditional.py`` (If-Match, merge
patches), ``cursors.py`` and ``openapi.py`` (the blueprint class and the contract's Api).
"""
