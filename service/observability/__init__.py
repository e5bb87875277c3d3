"""What the service tells its operators: metrics, request ids, request notes, the access log
and the batching of observed requests.

May import ``core``, ``config``, ``http`` and Flask; never a view or the store.
"""
