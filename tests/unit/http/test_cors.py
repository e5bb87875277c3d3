"""CORS: the remembered answer is flask-cors's own, for any request an outsider can send."""

import pytest
from flask import Flask, Response
from flask_cors import CORS
from hypothesis import given, settings
from hypothesis import strategies as st

from service.http import cors
from tests.helpers import examples

HEADER_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from("é€\t"), max_size=40
)
METHODS = st.sampled_from(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "get"])
REQUEST_HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "Origin": st.one_of(HEADER_TEXT, st.just("null"), st.just("https://a.example")),
        "Access-Control-Request-Method": st.one_of(METHODS, HEADER_TEXT),
        "Access-Control-Request-Headers": HEADER_TEXT,
        "Access-Control-Request-Private-Network": st.one_of(st.just("true"), HEADER_TEXT),
    },
)
PATHS = st.text(st.characters(min_codepoint=0x21, max_codepoint=0xFF), max_size=30).map(
    lambda tail: "/" + tail
)


def with_cors(origins: list[str], *, remembered: bool) -> tuple[Flask, cors.Hook]:
    app = Flask(__name__)
    if remembered:
        app.config["TIMELINE_CORS_ORIGINS"] = origins
        cors.init_app(app)
    else:
        CORS(
            app,
            origins=origins,
            send_wildcard="*" in origins,
            expose_headers=cors.EXPOSED_HEADERS,
        )
    return app, app.after_request_funcs[None][-1]


def headers_added(app: Flask, hook: cors.Hook, path, method, headers, preset) -> list:
    # The raw path as a server hands it over: any bytes a client sent, no URL parsing.
    overrides = {"PATH_INFO": path, "REQUEST_METHOD": method}
    with app.test_request_context("/", headers=headers, environ_overrides=overrides):
        response = Response(headers=preset)
        return hook(response).headers.to_wsgi_list()


@pytest.mark.parametrize("origins", [["*"], ["https://a.example"], ["*", "https://a.example"]])
@settings(max_examples=examples(300))
@given(
    path=PATHS,
    method=METHODS,
    headers=REQUEST_HEADERS,
    preset=st.sampled_from([{}, {"Access-Control-Allow-Origin": "https://view.example"}]),
)
def test_every_request_gets_the_headers_flask_cors_itself_gives(
    origins, path, method, headers, preset
):
    remembered = with_cors(origins, remembered=True)
    plain = with_cors(origins, remembered=False)
    assert headers_added(*remembered, path, method, headers, preset) == headers_added(
        *plain, path, method, headers, preset
    )


def test_a_wildcard_answer_is_remembered_and_a_list_of_origins_never_is():
    _, wildcard_hook = with_cors(["*"], remembered=True)
    _, listed_hook = with_cors(["https://a.example"], remembered=True)
    assert wildcard_hook.__name__ == "add_cors_headers"
    assert listed_hook.__name__ == "cors_after_request"  # flask-cors's own, asked every time


def test_the_app_answers_a_cross_origin_page_of_events_with_the_remembered_headers(client):
    response = client.get("/events?limit=1", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["*"]
    assert response.headers["Access-Control-Expose-Headers"] == "ETag, Link, X-Request-ID"


def test_a_preflight_is_still_answered_by_flask_cors(client):
    response = client.options(
        "/events",
        headers={
            "Origin": "https://a.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()


# A method as a WSGI server may hand it over: werkzeug (and so flask-cors) reads it in capitals.
METHODS_IN_ANY_CASE = st.sampled_from(["OPTIONS", "GET", "HEAD", "POST"]).flatmap(
    lambda method: st.tuples(*(st.sampled_from([c.lower(), c]) for c in method)).map("".join)
)


@pytest.mark.parametrize("origins", [["*"], ["*", "https://a.example"]])
@settings(max_examples=examples(200))
@given(method=METHODS_IN_ANY_CASE, headers=REQUEST_HEADERS)
def test_a_preflight_in_lower_case_letters_gets_the_headers_flask_cors_gives(
    origins, method, headers
):
    remembered = with_cors(origins, remembered=True)
    plain = with_cors(origins, remembered=False)
    assert headers_added(*remembered, "/events", method, headers, {}) == headers_added(
        *plain, "/events", method, headers, {}
    )


def test_a_lower_case_preflight_is_told_the_allowed_methods(client):
    # As a WSGI server that passes the method on as sent hands it to the app.
    response = client.open(
        "/events",
        headers={"Origin": "https://a.example", "Access-Control-Request-Method": "POST"},
        environ_overrides={"REQUEST_METHOD": "options"},
    )
    assert response.status_code == 200
    assert "POST" in response.headers.get("Access-Control-Allow-Methods", "")
