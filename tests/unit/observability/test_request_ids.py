"""Request ids and trace context taken from what a client sends, forged input included."""

import re

from hypothesis import given
from hypothesis import strategies as st

from service.observability.request_ids import new_request_id, request_id, trace_context

SANE = re.compile(r"[A-Za-z0-9\-_.:/+=@]{1,128}")
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
SPAN = "00f067aa0ba902b7"


def test_a_sane_request_id_is_kept():
    for sent in ("abc-123", "req_1.2:3/4+5=6@x", "A" * 128, new_request_id()):
        assert request_id(sent) == sent


def test_an_absent_or_forged_request_id_is_replaced_by_a_fresh_one():
    forged = [None, "", "A" * 129, "a b", 'x"}, {"admin": true', "line\nbreak", "é", "a\x00"]
    fresh = {request_id(sent) for sent in forged}
    assert len(fresh) == len(forged) and all(SANE.fullmatch(rid) for rid in fresh)
    assert not fresh & {sent for sent in forged if sent}


@given(st.text(max_size=200))
def test_any_sent_header_gives_a_sane_id(sent):
    chosen = request_id(sent)
    assert SANE.fullmatch(chosen)
    assert chosen == sent or not SANE.fullmatch(sent)


def test_a_valid_traceparent_gives_its_trace_and_parent():
    context = trace_context(f"00-{TRACE}-{SPAN}-01")
    assert (context.trace_id, context.parent_id) == (TRACE, SPAN)
    assert trace_context(f"01-{TRACE}-{SPAN}-00-later-fields").trace_id == TRACE


def test_an_invalid_traceparent_is_ignored():
    for sent in (
        None,
        "",
        f"ff-{TRACE}-{SPAN}-01",
        f"00-{'0' * 32}-{SPAN}-01",
        f"00-{TRACE}-{'0' * 16}-01",
        f"00-{TRACE.upper()}-{SPAN}-01",
        f"00-{TRACE}-{SPAN}-01-extra",
        f"00-{TRACE[:-1]}-{SPAN}-01",
        "garbage",
    ):
        assert trace_context(sent) is None, sent
