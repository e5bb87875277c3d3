"""The quick check of GET /events arguments agrees with the full schema wherever it accepts."""

from collections import Counter

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import MultiDict

from schemas.event import EventQuerySchema
from schemas.export import ExportQuerySchema, HistogramQuerySchema
from service.api.openapi import StrictParser

SCHEMA = EventQuerySchema()
# Every query schema that takes the fast path (the page's schema declines it).
FAST_SCHEMAS = (EventQuerySchema(), ExportQuerySchema(), HistogramQuerySchema())
# Of the valid generated queries that give each single parameter once (the fast path leaves
# repeats to the schema), the share the fast path must accept too.
HEALTHY_SHARE = 0.9
LIST_PARAMETERS = ("actor", "place", "tag")
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
    "fuzzy": st.sampled_from(["true", "false", "1", "yes", "maybe", ""]),
    "sort": st.sampled_from(["date", "-date", "title"]),
    "limit": st.sampled_from(["1", "20", "100", "101", "0", "007", "ten", " 5", "1_0", "5.0"]),
    "q": st.text(max_size=8) | st.just("x" * 501),
    "cursor": st.text(max_size=8),
    "tag": st.sampled_from(["economy", "us-china", "Not A Slug", "a--b", "trade\n", "x" * 101]),
    "actor": st.sampled_from(["alejandro-mayorkas", "-x", ""]),
    "place": st.sampled_from(["vienna", "é"]),
    "interval": st.sampled_from(["year", "month", "week"]),
    "form": st.just("2024"),
}
queries = st.lists(
    st.sampled_from(sorted(values)).flatmap(lambda name: st.tuples(st.just(name), values[name])),
    max_size=6,
)


def full_schema_load(args: MultiDict, schema=SCHEMA):
    with APP.test_request_context(query_string=args):
        try:
            return FlaskParser.parse(StrictParser(), schema, location="query")
        except Exception as error:  # webargs aborts with an HTTPException on invalid input
            return type(error).__name__


@pytest.mark.parametrize("schema", FAST_SCHEMAS, ids=lambda schema: type(schema).__name__)
def test_fast_path_agrees_with_the_schema_wherever_it_accepts(schema):
    outcomes = Counter()

    @settings(max_examples=300, deadline=None)
    @given(pairs=queries)
    def agrees(pairs):
        args = MultiDict(pairs)
        fast, full = schema.load_query_fast(args), full_schema_load(args, schema)
        if fast is not None:
            assert fast == full
        names = [name for name, _ in pairs if name not in LIST_PARAMETERS]
        if isinstance(full, dict) and len(names) == len(set(names)):
            outcomes["plain and valid"] += 1
            outcomes["taken by the fast path"] += fast is not None

    agrees()
    taken, plain = outcomes["taken by the fast path"], outcomes["plain and valid"]
    assert taken >= HEALTHY_SHARE * plain and plain >= 10, outcomes


def test_fast_path_takes_the_queries_frontends_send():
    args = MultiDict(
        [("from", "2024-02"), ("to", "2024-04-08"), ("tag", "economy"), ("limit", "5")]
    )
    assert SCHEMA.load_query_fast(args) == full_schema_load(args)
    assert SCHEMA.load_query_fast(MultiDict()) == full_schema_load(MultiDict())
