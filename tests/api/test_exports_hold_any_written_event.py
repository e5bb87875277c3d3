"""Whatever an editor may write, the XML exports hold it: well-formed, and never cut.

A token holder may write any title JSON can carry, including C0 controls, U+FFFE and
U+FFFF. The XLSX export and the Atom feed must still be well-formed: every XML part of the
workbook parses with expat (a strict, non-recovering parser), openpyxl opens the workbook,
and the feed parses too; the forbidden characters show as U+FFFD, the rest as written.
A list too long for a spreadsheet cell is refused when it is written.
"""

import io
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.event import MAX_EVIDENCE, MAX_FIGURES, MAX_LINKED
from service.core.xml_text import xml_text
from service.formats.atom_format import ATOM
from service.formats.csv_format import COLUMNS
from tests.helpers import examples

EVENT = "pelosi-visits-taiwan-2022"
NOT_XML = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]


def text_with_characters_xml_forbids(longest: int):
    """Text of 1 to ``longest`` characters holding at least one XML 1.0 forbids, which an
    editor could write (not blank, not the draft placeholder)."""
    characters = st.one_of(st.sampled_from(NOT_XML), st.characters())
    return (
        st.lists(characters, min_size=1, max_size=longest)
        .map("".join)
        .filter(lambda text: any(c in NOT_XML for c in text) and text.strip())
        .filter(lambda text: not text.lstrip().startswith("TO WRITE:"))
    )


def as_xml_reads(text: str) -> str:
    """``text`` as an XML reader gives it back: forbidden characters as U+FFFD, and line
    ends as XML 1.0 normalises them (section 2.11: CR LF and a lone CR read as LF)."""
    return xml_text(text).replace("\r\n", "\n").replace("\r", "\n")


def write(client, auth, title: str, summary: str) -> None:
    answer = client.patch(
        f"/events/{EVENT}",
        json={"title": title, "summary": summary},
        headers={**auth, "Content-Type": "application/merge-patch+json"},
    )
    assert answer.status_code == 200, answer.get_json()


def strictly_parsed_parts(workbook: bytes) -> dict[str, ElementTree.Element]:
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        return {
            name: ElementTree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(title=text_with_characters_xml_forbids(200), summary=text_with_characters_xml_forbids(2000))
def test_the_xlsx_export_stays_well_formed_whatever_the_titles(client, auth, title, summary):
    write(client, auth, title, summary)
    workbook = client.get("/exports/events.xlsx").get_data()
    assert any(name.startswith("xl/worksheets/") for name in strictly_parsed_parts(workbook))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    rows = {
        row[0]: dict(zip(COLUMNS, row, strict=True)) for row in sheet.iter_rows(values_only=True)
    }
    assert rows[EVENT]["title"] == as_xml_reads(title)
    assert rows[EVENT]["summary"] == as_xml_reads(summary)


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(title=text_with_characters_xml_forbids(200))
def test_the_atom_feed_stays_well_formed_whatever_the_titles(client, auth, title):
    write(client, auth, title, "A summary.")
    feed = ElementTree.fromstring(client.get("/feeds/changes.atom").get_data())
    newest = feed.find(f"{{{ATOM}}}entry/{{{ATOM}}}title")
    assert newest.text.endswith(f": {as_xml_reads(title)}")


@pytest.mark.parametrize(
    ("member", "item", "most"),
    [
        ("figures", {"value": 1, "unit": "people", "counted": "migrants"}, MAX_FIGURES),
        ("evidence", {"start": 0, "end": 1, "sha256": "0" * 64}, MAX_EVIDENCE),
        ("tags", "economy", MAX_LINKED),
    ],
)
def test_a_list_longer_than_a_spreadsheet_cell_holds_is_refused_naming_it(
    client, auth, member, item, most
):
    """A spreadsheet cell holds 32,767 characters and openpyxl cuts longer text silently, so
    an event whose list would not fit its XLSX cell is refused on write, never cut on export."""
    headers = {**auth, "Content-Type": "application/merge-patch+json"}
    too_many = client.patch(f"/events/{EVENT}", json={member: [item] * (most + 1)}, headers=headers)
    assert too_many.status_code == 422, too_many.get_json()
    assert {e["pointer"] for e in too_many.get_json()["errors"]} == {f"/{member}"}
