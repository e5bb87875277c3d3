"""The files the service owns: the database connection (``db``), snapshots and the dataset.

May import ``core``, the store, ``schemas`` and ``config``; never a view or ``http``.
"""
