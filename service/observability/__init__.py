"""What the service tells its operators: metrics, request ids, request notes, the access log
and the batching of observed requests.

May import ``core``, ``config``, ``errors``, ``http`` (the /metrics token), ``files`` and the
store; never a view, ``formats`` or ``serving``.
"""
