"""``POST /drafts?format=timeml``: the draft as a TimeML document TimeML tools can read.

The answer is well-formed XML whatever the text holds, and reads back (with our reader) to
the text, the publication day as DCT and one TIMEX3 per expression the JSON answer lists,
with the same characters, TIMEX3 type and value.
"""

from datetime import date
from xml.etree import ElementTree

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.core.xml_text import xml_text
from service.drafts.timeml import Timex, read_timeml
from tests.helpers import problem_of

TEXT = "Talks resumed two weeks ago. The next round will be held in May; nobody met last summer."
# Text a UTF-8 body can carry (no lone surrogates), with markup, carriage returns and the
# control characters XML 1.0 forbids among news words.
HOSTILE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["in May", "two weeks ago", "2009-2010", "now", "\r\n", "\r", "\x00"]),
        st.sampled_from(["<TIMEX3>", "&amp;", "]]>", "\x0c", "\ufffe", "\U0001f600"]),
        st.text(st.characters(codec="utf-8"), max_size=30),
    ),
    min_size=1,
    max_size=15,
).map(" ".join)


def _timexes_of_json(body: dict) -> tuple[Timex, ...]:
    return tuple(
        Timex(e["span"]["start"], e["span"]["end"], e["timex_type"], e["timex_value"])
        for e in body["expressions"]
    )


def test_format_timeml_answers_timeml_with_each_expression_a_timex3(client):
    body = {"text": TEXT, "published": "2024-04-08", "source": "talks-2024"}
    answer = client.post("/drafts?format=timeml", json=body)
    assert answer.status_code == 200
    assert answer.content_type == "application/xml; charset=utf-8"
    document = read_timeml(answer.data)
    assert (document.docid, document.dct, document.text) == ("talks-2024", date(2024, 4, 8), TEXT)
    as_json = client.post("/drafts", json=body).get_json()
    assert document.timexes == _timexes_of_json(as_json)
    root = ElementTree.fromstring(answer.data)
    tids = [(t.get("tid"), t.text) for t in root.find("TEXT").iter("TIMEX3")]
    assert tids == [("t1", "two weeks ago"), ("t2", "May"), ("t3", "last summer")]


def test_json_stays_the_default_and_can_be_asked_for(client):
    body = {"text": TEXT, "published": "2024-04-08"}
    default, explicit = (
        client.post("/drafts", json=body),
        client.post("/drafts?format=json", json=body),
    )
    assert default.mimetype == explicit.mimetype == "application/json"
    assert default.get_json() == explicit.get_json()


def test_an_unknown_format_is_a_400_naming_it(client):
    answer = client.post("/drafts?format=xml", json={"text": TEXT, "published": "2024-04-08"})
    [error] = problem_of(answer, 400)["errors"]
    assert error["parameter"] == "format"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=HOSTILE_TEXT)
def test_any_plain_text_gives_well_formed_timeml_that_reads_back(client, text):
    query = "/drafts?published=2024-04-08&format="
    answer = client.post(query + "timeml", data=text.encode(), content_type="text/plain")
    assert answer.status_code == 200
    document = read_timeml(answer.data)
    assert document.text == xml_text(text) and document.dct == date(2024, 4, 8)
    as_json = client.post(query + "json", data=text.encode(), content_type="text/plain")
    assert document.timexes == _timexes_of_json(as_json.get_json())
