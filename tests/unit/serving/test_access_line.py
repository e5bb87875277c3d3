"""The text access log: a client's values cannot forge fields or lines.

Each line is parsed back the way a log reader would (quoted fields end at an unescaped
quote; unquoted fields at a space), and every client-supplied value must come back exactly
as sent, with nothing added and nothing lost, whatever bytes it held.
"""

from hypothesis import given
from hypothesis import strategies as st

from service.serving.asgi import access_line
from tests.helpers import ACCESS_LINE, log_unescaped

latin1 = st.text(alphabet=st.characters(max_codepoint=0xFF))  # what header bytes decode to
# The client's address and the request id are never empty (the server makes an id when the
# client sends none), so their unquoted fields are never blank.
any_text = st.text(alphabet=st.characters(categories=None, codec=None), min_size=1)


@given(
    agent=latin1,
    referer=latin1,
    path=st.binary(),
    query=st.binary(),
    method=latin1.filter(lambda m: " " not in m),
    client=any_text,
    request_id=any_text,
)
def test_every_client_value_reads_back_exactly_from_its_own_field(
    agent, referer, path, query, method, client, request_id
):
    scope = {
        "headers": [
            (b"user-agent", agent.encode("latin-1")),
            (b"referer", referer.encode("latin-1")),
        ],
        "raw_path": b"/" + path,
        "query_string": query,
        "method": method,
        "http_version": "1.1",
        "client": (client, 1234),
    }
    line = access_line(scope, {"status": 200, "bytes": 17, "request_id": request_id}, 0.0123)
    assert "\n" not in line and "\r" not in line
    parsed = ACCESS_LINE.fullmatch(line)
    assert parsed is not None, line
    logged_client, request_line, status, sent, logged_referer, logged_agent, _, logged_id = (
        parsed.groups()
    )
    target = ("/" + path.decode("latin-1")) + ("?" + query.decode("latin-1") if query else "")
    assert log_unescaped(request_line) == f"{method} {target} HTTP/1.1"
    assert (log_unescaped(logged_referer), log_unescaped(logged_agent)) == (referer, agent)
    assert (log_unescaped(logged_client), log_unescaped(logged_id)) == (client, request_id)
    assert (status, sent) == ("200", "17")


def test_a_forged_field_in_the_user_agent_stays_inside_its_quotes():
    agent = 'curl" 500 0 "-" "evil\\'
    scope = {
        "headers": [(b"user-agent", agent.encode())],
        "raw_path": b"/events",
        "query_string": b"",
        "method": "GET",
        "http_version": "1.1",
        "client": ("127.0.0.1", 1),
    }
    line = access_line(scope, {"status": 200, "bytes": 5, "request_id": "abc"}, 0.001)
    assert line.endswith(r'"-" "curl\" 500 0 \"-\" \"evil\\" 1.0ms abc')
