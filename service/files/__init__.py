"""The files the service owns: the database connection (``db``), snapshots and the dataset.

May import ``core``, ``config``, the store and ``schemas``; never a view, ``http`` or
``formats``.
"""
