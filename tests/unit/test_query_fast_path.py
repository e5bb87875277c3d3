"""The quick check of GET /events arguments agrees with the full schema wherever it accepts."""

from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import MultiDict

from schemas.event import EventQuerySchema
from service.api.openapi import StrictParser

SCHEMA = EventQuerySchema()
APP = Flask(__name__)

values = {
    "from": st.sampled_from(
        [
            "2024",
            "2024-02",
            "2024-02-29",
            "2023-02-29",
            "2024-13",
            "0000",
            "２０２４",
            "2024-2",
            "",
            "2024~",
        ]
    ),
    "to": st.sampled_from(["2024", "2025-12-31", "2023-01", "1999", "2024-04-31"]),
    "relation": st.sampled_from(["overlaps", "within", "contains", "near", ""]),
    "sort": st.sampled_from(["date", "-date", "title"]),
    "limit": st.sampled_from(["1", "20", "100", "101", "0", "007", "ten", " 5", "1_0", "5.0"]),
    "q": st.text(max_size=8) | st.just("x" * 501),
    "cursor": st.text(max_size=8),
    "tag": st.sampled_from(["economy", "us-china", "Not A Slug", "a--b", "trade\n", "x" * 101]),
    "actor": st.sampled_from(["alejandro-mayorkas", "-x", ""]),
    "place": st.sampled_from(["vienna", "é"]),
    "form": st.just("2024"),
}
queries = st.lists(
    st.sampled_from(sorted(values)).flatmap(lambda name: st.tuples(st.just(name), values[name])),
    max_size=6,
)


def full_schema_load(args: MultiDict):
    with APP.test_request_context(query_string=args):
        try:
            return FlaskParser.parse(StrictParser(), SCHEMA, location="query")
        except Exception as error:  # webargs aborts with an HTTPException on invalid input
            return type(error).__name__


@settings(max_examples=400, deadline=None)
@given(pairs=queries)
def test_fast_path_agrees_with_the_schema_wherever_it_accepts(pairs):
    args = MultiDict(pairs)
    fast = SCHEMA.load_query_fast(args)
    if fast is not None:
        assert fast == full_schema_load(args)


def test_fast_path_takes_the_queries_frontends_send():
    args = MultiDict(
        [("from", "2024-02"), ("to", "2024-04-08"), ("tag", "economy"), ("limit", "5")]
    )
    assert SCHEMA.load_query_fast(args) == full_schema_load(args)
    assert SCHEMA.load_query_fast(MultiDict()) == full_schema_load(MultiDict())
