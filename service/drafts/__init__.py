"""Drafts: the pure date resolver (``resolver/``) and what the draft views share.

``resolver/`` imports only itself and ``core``. ``dataset`` builds draft dataset files on
it; ``drafting`` reads a draft request and shapes the answer; ``slots`` caps drafts at once
per worker. ``timeml`` reads and writes TimeML and ``scoring`` gives TempEval-3's TIMEX3
scores; both are pure (the resolver, ``core``, the standard library), for the draft views,
the CLI and ``bench/drafts.py``. The group may import ``core``, ``schemas`` and ``http``;
never a view.
"""
