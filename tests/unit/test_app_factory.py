"""The app factory's Flask: what it remembers per function, and that it stays bounded."""

import asyncio

import pytest
from flask.views import MethodView

from service.app import TimelineFlask


def plain_view():
    return "plain"


async def coroutine_view():
    return "async"


def test_a_plain_function_is_its_own_sync_form_and_is_remembered():
    app = TimelineFlask(__name__)
    assert app.ensure_sync(plain_view) is plain_view
    assert app._coroutine_functions == {plain_view: False}


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
    the function underneath, so a million requests remember one entry, not a million."""

    class Page(MethodView):
        def get(self):
            return "page"

    app = TimelineFlask(__name__)
    for _ in range(2000):
        method = Page().get
        assert app.ensure_sync(method) is method
    assert list(app._coroutine_functions) == [Page.get]


@pytest.mark.parametrize("callable_object", [print, len, object.__repr__])
def test_callables_that_are_not_python_functions_are_left_to_flask(callable_object):
    app = TimelineFlask(__name__)
    assert app.ensure_sync(callable_object) is callable_object
    assert app._coroutine_functions == {}
