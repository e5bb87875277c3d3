"""Which coding a client accepts (RFC 9110 section 12.5.3)."""

import pytest

from service.http.compression import accepted_coding, without_coding


@pytest.mark.parametrize(
    ("header", "coding"),
    [
        ("", "identity"),
        ("gzip", "gzip"),
        ("gzip, deflate, br", "gzip"),
        ("br;q=1.0, gzip;q=0.8", "gzip"),
        ("GZIP", "gzip"),
        ("x-gzip", "gzip"),
        ("*", "gzip"),
        ("gzip;q=0", "identity"),
        ("gzip;q=0.000", "identity"),
        ("*;q=0", "identity"),
        ("*, gzip;q=0", "identity"),
        ("identity", "identity"),
        ("deflate, br", "identity"),
        ("gzip;q=nonsense", "identity"),
    ],
)
def test_gzip_is_chosen_only_when_accepted(header, coding):
    assert accepted_coding(header) == coding


def test_an_etag_sent_gzipped_names_the_same_version():
    assert without_coding("abc-gzip") == without_coding("abc") == "abc"
