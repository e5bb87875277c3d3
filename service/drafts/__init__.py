"""Drafts: the pure date resolver (``resolver/``) and what the draft views share.

``resolver/`` imports only itself and ``core``. ``dataset`` builds draft dataset files on
it; ``drafting`` reads a draft request and shapes the answer; ``slots`` caps drafts at once
per worker. These may import ``core``, ``schemas`` and ``http``; never a view.
"""
