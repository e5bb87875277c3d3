"""The format registry drives every surface: each export's route, media type and file name,
the contract, the page's links, and gzip for exactly the formats marked compressible."""

import gzip

import pytest
from flask import url_for

from service.formats.registry import EXPORTS, FORMATS, Format
from tests.helpers import committed_contract

GZIP = {"Accept-Encoding": "gzip"}


def url_of(app, fmt: Format, query: str = "") -> str:
    """The URL of the one route whose view is named after ``fmt``."""
    (endpoint,) = [r.endpoint for r in app.url_map.iter_rules() if r.endpoint.endswith(fmt.name)]
    with app.test_request_context():
        path = url_for(endpoint)
    assert path.endswith("/" + fmt.file_name)
    return f"{path}?{query}" if query else path


def named(fmt: Format) -> str:
    return fmt.name


@pytest.mark.parametrize("export", EXPORTS, ids=named)
def test_each_export_is_served_with_its_media_type_and_file_name(app, client, export):
    answer = client.get(url_of(app, export, "tag=deaths"))
    assert answer.status_code == 200 and answer.mimetype == export.media_type
    disposition = answer.headers.get("Content-Disposition")
    if export.download:
        assert disposition == f'attachment; filename="timeline-events{export.suffix}"'
    else:
        assert disposition is None


@pytest.mark.parametrize("export", EXPORTS, ids=named)
def test_the_contract_describes_each_export_by_its_convention(export):
    paths = committed_contract()["paths"]
    operation = paths[f"/exports/{export.file_name}"]["get"]
    assert operation["operationId"] == export.operation_id
    assert operation["operationId"].startswith("export")
    assert list(operation["responses"]["200"]["content"]) == [export.media_type]
    assert operation["summary"] == export.summary


def test_every_export_route_is_in_the_registry():
    paths = committed_contract()["paths"]
    exported = {path for path in paths if path.startswith("/exports/")}
    assert exported == {f"/exports/{export.file_name}" for export in EXPORTS}


def test_the_page_links_every_export_with_its_filters(app, client):
    html = client.get("/?tag=deaths").get_data(as_text=True)
    for export in EXPORTS:
        link = f'href="{url_of(app, export, "tag=deaths")}">{export.link_text}</a>'
        assert link in html


@pytest.mark.parametrize("fmt", FORMATS, ids=named)
def test_a_format_is_gzipped_exactly_when_the_registry_says_so(app, client, fmt):
    url = url_of(app, fmt)
    plain, packed = client.get(url), client.get(url, headers=GZIP)
    assert plain.status_code == packed.status_code == 200
    assert len(plain.get_data()) > 1024, "too small to tell: the service gzips from 1 KiB"
    if fmt.compressible:
        assert packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.get_data()) == plain.get_data()
        assert "Accept-Encoding" in packed.headers["Vary"]
    else:
        assert "Content-Encoding" not in packed.headers
        assert packed.get_data() == plain.get_data()
