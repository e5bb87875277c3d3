"""The files the service owns: the database connection (``db``), snapshots, the dataset,
and replication through Litestream (``litestream``: replicate, restore; ``following``: a
replica that keeps in step).

May import ``core``, ``config``, the store and ``schemas``; never a view, ``http`` or
``formats``.
"""
