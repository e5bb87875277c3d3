"""Bearer tokens for writes. Reads stay open; with no token configured, every write is refused.

Tokens come from ``TIMELINE_API_TOKEN`` (named ``default``) and/or ``TIMELINE_TOKENS_FILE``,
a file of ``name token`` lines (``#`` starts a comment). The token's name, never the token,
is what the change history and the logs record.
"""

import hmac
from pathlib import Path

from flask import Flask, current_app, g, request

from service import errors
from service.view_marks import view_mark

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CHALLENGE = 'Bearer realm="timeline"'


def init_app(app: Flask) -> None:
    app.extensions["timeline_tokens"] = load_tokens(
        app.config["TIMELINE_API_TOKEN"], app.config["TIMELINE_TOKENS_FILE"]
    )
    app.before_request(require_token_for_writes)


def load_tokens(single: str | None, tokens_file: str | None) -> dict[str, str]:
    """Token name → token, from the environment's single token and the tokens file."""
    tokens = {"default": single} if single else {}
    if tokens_file:
        for number, line in enumerate(Path(tokens_file).read_text().splitlines(), start=1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            name, _, token = line.partition(" ")
            if not token.strip():
                raise ValueError(f"{tokens_file}:{number}: expected 'name token'")
            tokens[name] = token.strip()
    return tokens


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
