"""The tokens file: a token is the whole rest of its line, ``#`` included; short tokens stop
the server before it starts."""

import pytest
from click.testing import CliRunner

from service.cli import main
from service.http.auth import InvalidTokens, load_tokens, token_name

HASHED = "abc#def-0123456789-xyz"


def test_a_hash_inside_a_token_is_part_of_the_token(tmp_path):
    tokens_file = tmp_path / "tokens"
    tokens_file.write_text(
        f"# editors, one per line\n\n   # an indented comment\nalice {HASHED}\n"
        "bob\t  spaces around the token are trimmed   \n"
    )
    tokens = load_tokens(None, str(tokens_file))
    assert tokens == {"alice": HASHED, "bob": "spaces around the token are trimmed"}
    assert token_name(HASHED, tokens) == "alice"
    assert token_name("abc", tokens) is None


@pytest.mark.parametrize(
    ("single", "content", "where"),
    [
        ("short", "", "TIMELINE_API_TOKEN"),
        (None, "alice abc#0123456789abcdef\nbob 0123456789abcde\n", "tokens:2"),
        (None, "alice\n", "tokens:1"),
    ],
)
def test_a_short_or_missing_token_is_refused_saying_where(tmp_path, single, content, where):
    tokens_file = tmp_path / "tokens"
    tokens_file.write_text(content)
    with pytest.raises(InvalidTokens, match=where):
        load_tokens(single, str(tokens_file))


def test_serve_refuses_to_start_with_a_short_token(tmp_path):
    result = CliRunner().invoke(
        main,
        ["serve", "--db", str(tmp_path / "t.db")],
        env={"TIMELINE_API_TOKEN": "0123456789abcde"},
    )
    assert result.exit_code != 0
    assert "TIMELINE_API_TOKEN: the token is 15 characters; tokens must be at least 16" in (
        result.output
    )
    assert not (tmp_path / "t.db").exists()
