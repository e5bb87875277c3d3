"""Bearer tokens for writes. Reads stay open; with no token configured, every write is refused.

Tokens come from ``TIMELINE_API_TOKEN`` (named ``default``) and/or ``TIMELINE_TOKENS_FILE``.
The file holds one ``name token`` per line: the name is everything before the first run of
spaces or tabs, the token everything after it (spaces around it trimmed), so a token may
hold any character but a line break, ``#`` included. A line whose first non-blank character
is ``#`` is a comment, and blank lines are skipped. Every token must be at least
``MIN_TOKEN_LENGTH`` characters, or the server refuses to start. The token's name, never
the token, is what the change history and the logs record.
"""

import hmac
import re
from pathlib import Path

from flask import Flask, current_app, g, request

from service import errors
from service.http.view_marks import view_mark

MIN_TOKEN_LENGTH = 16
_NAME_AND_TOKEN = re.compile(r"(\S+)[ \t]+(.+)")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CHALLENGE = 'Bearer realm="timeline"'


class InvalidTokens(ValueError):
    """A token setting the server must not start with; the message says where and why."""


def init_app(app: Flask) -> None:
    app.extensions["timeline_tokens"] = load_tokens(
        app.config["TIMELINE_API_TOKEN"], app.config["TIMELINE_TOKENS_FILE"]
    )
    app.before_request(require_token_for_writes)


def load_tokens(single: str | None, tokens_file: str | None) -> dict[str, str]:
    """Token name → token, from the environment's single token and the tokens file.

    Raises ``InvalidTokens`` saying where, for a line that is not ``name token`` or a token
    shorter than ``MIN_TOKEN_LENGTH``.
    """
    tokens = {"default": _long_enough(single, "TIMELINE_API_TOKEN")} if single else {}
    if tokens_file:
        lines = Path(tokens_file).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            entry = _NAME_AND_TOKEN.fullmatch(line.strip())
            if entry is None:
                raise InvalidTokens(f"{tokens_file}:{number}: expected 'name token'")
            name, token = entry.groups()
            tokens[name] = _long_enough(token, f"{tokens_file}:{number}")
    return tokens


def _long_enough(token: str, where: str) -> str:
    if len(token) < MIN_TOKEN_LENGTH:
        raise InvalidTokens(
            f"{where}: the token is {len(token)} characters; tokens must be at least "
            f"{MIN_TOKEN_LENGTH} (make one with: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(32))')"
        )
    return token


def token_name(presented: str, tokens: dict[str, str]) -> str | None:
    """The name of the token presented, comparing against every token in constant time."""
    found = None
    for name, token in tokens.items():
        if hmac.compare_digest(presented.encode(), token.encode()):
            found = name
    return found


def require_token_for_writes():
    """Before any write: 401 unless ``Authorization: Bearer <token>`` names a known token.

    Unknown routes and methods are left to routing, so they stay 404 and 405.
    """
    if request.method not in WRITE_METHODS or request.routing_exception is not None:
        return None
    if view_mark("writes_nothing", False):
        return None
    return refuse_without_token()


def refuse_without_token():
    """A 401 problem unless ``Authorization: Bearer <token>`` names a known token; then
    None, with the token's name in ``g.author``."""
    tokens = current_app.extensions["timeline_tokens"]
    if not tokens:
        return _unauthorized("writes are disabled: no API token is configured on this server")
    scheme, _, presented = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        return _unauthorized("this request needs an 'Authorization: Bearer <token>' header")
    name = token_name(presented.strip(), tokens)
    if name is None:
        return _unauthorized("the bearer token is not valid", error="invalid_token")
    g.author = name
    return None


def _unauthorized(detail: str, *, error: str | None = None):
    challenge = f'{CHALLENGE}, error="{error}"' if error else CHALLENGE
    return errors.problem(401, detail, headers={"WWW-Authenticate": challenge})
