"""The app factory's Flask: what it remembers per function, and that it stays bounded."""

import asyncio
import gc
import inspect
import weakref

import pytest
from flask import after_this_request
from flask.views import MethodView

from service.app import TimelineFlask


def plain_view():
    return "plain"


async def coroutine_view():
    return "async"


def test_a_plain_function_is_its_own_sync_form_and_is_remembered():
    app = TimelineFlask(__name__)
    assert app.ensure_sync(plain_view) is plain_view
    assert app._coroutine_functions == {plain_view.__code__: False}


def test_a_coroutine_function_is_still_made_sync_as_flask_does():
    app = TimelineFlask(__name__)
    try:
        made = app.ensure_sync(coroutine_view)
    except RuntimeError as refused:  # Flask without asgiref: the same refusal as Flask's own
        assert "async" in str(refused).lower()
        return
    assert made is not coroutine_view
    assert made() == "async"
    assert app.ensure_sync(coroutine_view) is not coroutine_view
    assert not asyncio.iscoroutinefunction(made)


def test_bound_methods_of_new_views_do_not_grow_the_memory():
    """A MethodView's handler is a new bound method on every request: the memory is keyed by
    the code of the function underneath, so a million requests remember one entry, not a million."""

    class Page(MethodView):
        def get(self):
            return "page"

    app = TimelineFlask(__name__)
    for _ in range(2000):
        method = Page().get
        assert app.ensure_sync(method) is method
    assert list(app._coroutine_functions) == [Page.get.__code__]


@pytest.mark.parametrize("callable_object", [print, len, object.__repr__])
def test_callables_that_are_not_python_functions_are_left_to_flask(callable_object):
    app = TimelineFlask(__name__)
    assert app.ensure_sync(callable_object) is callable_object
    assert app._coroutine_functions == {}


def test_a_hook_made_for_one_request_is_not_kept_once_that_request_is_done():
    """A function defined in a view (an ``after_this_request`` hook) is new on every request:
    remembering it would keep every one of them, and all they refer to, for good."""
    app = TimelineFlask(__name__)
    made = []

    @app.get("/")
    def view():
        @after_this_request
        def once(response):
            return response

        made.append(weakref.ref(once))
        return "ok"

    client = app.test_client()
    for _ in range(200):
        assert client.get("/").status_code == 200
    gc.collect()
    assert [ref for ref in made if ref() is not None] == []
    assert len(app._coroutine_functions) <= 4


@pytest.mark.skipif(
    not hasattr(inspect, "markcoroutinefunction"), reason="marks exist from Python 3.12"
)
def test_a_function_marked_a_coroutine_function_is_told_apart_from_its_unmarked_twins():
    """Wrappers made by one decorator share their code; one marked a coroutine function is
    one whatever its twins are."""

    def wrap(marked):
        def wrapper():
            return "wrapped"

        return inspect.markcoroutinefunction(wrapper) if marked else wrapper

    app = TimelineFlask(__name__)
    plain = wrap(marked=False)
    assert app.ensure_sync(plain) is plain
    try:
        made = app.ensure_sync(wrap(marked=True))
    except RuntimeError as refused:  # Flask without asgiref refuses it: so it was seen
        assert "async" in str(refused).lower()
        return
    assert made is not plain
