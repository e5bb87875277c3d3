"""Marks a view carries for the request hooks, which run before it.

- ``writes_nothing``: a POST that only computes an answer (``POST /drafts``): no token is
  needed and read-only replicas serve it.
- ``takes_bodies(*media_types)``: the body types it reads, instead of JSON.
"""

from collections.abc import Callable

from flask import current_app, request


def writes_nothing(view: Callable) -> Callable:
    view.writes_nothing = True
    return view


def takes_bodies(*media_types: str) -> Callable[[Callable], Callable]:
    def mark(view: Callable) -> Callable:
        view.body_types = frozenset(media_types)
        return view

    return mark


def view_mark(name: str, default=None):
    """The mark ``name`` on the view (or MethodView method) this request is routed to."""
    function = current_app.view_functions.get(request.endpoint or "")
    method = getattr(getattr(function, "view_class", None), request.method.lower(), None)
    return getattr(method, name, getattr(function, name, default))
