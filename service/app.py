"""The application factory.

Every module with request hooks installs them in its ``init_app(app)``. Flask runs
``before_request`` hooks in the order they were installed, so the order below is the order
in which a request is refused: a replica's 405 for any write (read_only), before the 400
for a Host no link can be written with (links), before the 401 for a write without a valid
token (auth), before the 415 for a body that is not JSON
(body_rules). The response cache's hook comes after those, so it never answers a refused
request; its WSGI middleware wraps everything installed before it, and a replica's move to
a new snapshot (``db.follow_snapshots``) wraps that, so it happens before anything reads.
``after_request`` hooks run in reverse order of installation.
"""

from collections.abc import Mapping

from flask import Flask

from service import config, errors
from service.api import changes, drafts, events, exports, histogram, meta, resources
from service.api.openapi import (
    ConditionalRequestsPlugin,
    RepresentationPlugin,
    ServerLayerResponsesPlugin,
    TimelineApi,
)
from service.drafts import slots as draft_slots
from service.files import db
from service.http import auth, body_rules, cors, links, read_only, response_cache, static_assets
from service.http import headers as http_headers
from service.observability import metrics, observed_requests
from service.web import drafts_page, pages

API_SETTINGS = {
    "API_TITLE": "Timeline API",
    "API_VERSION": "1.0.0",
    "OPENAPI_VERSION": "3.1.0",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "Dated events reported in news articles, as a queryable timeline. Dates are "
                "EDTF strings; each event also carries the inclusive ISO days it covers "
                "(start, end) and its precision, and GET /events finds events whose days "
                "overlap, lie within or contain a date range. Errors are RFC 9457 problems. "
                "A read-only replica (TIMELINE_READ_ONLY=1) answers every method other than "
                "GET, HEAD and OPTIONS with 405 and Allow: GET, HEAD, OPTIONS. Before the "
                "application runs, the HTTP server refuses a malformed request (400), a header "
                "block that arrives too slowly (408), a request target that is too long (414) "
                "and too many or too long header fields (431), each with the same "
                "application/problem+json body. A write that fails several checks is answered "
                "by the first, in this order: a read-only replica (405); authentication (401); "
                "the request itself: body size (413), media type (415), JSON and If-Match "
                "syntax (400), the body's fields against their schema (422); the item exists "
                "(404); the If-Match precondition (412); what the write refers to (unknown "
                "ids, 422) or collides with (409). Preconditions are evaluated after the "
                "request's own checks and before the write's effects are worked out (RFC 9110 "
                "section 13.2.1)."
            ),
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [
            {"url": "/", "description": "The service that serves this document at /openapi.yaml."}
        ],
    },
    "JSON_SORT_KEYS": False,
}


def create_app(overrides: Mapping | None = None) -> Flask:
    """Build the app: defaults, then the environment, then ``overrides`` (tests pass these)."""
    app = Flask(__name__.split(".")[0])
    app.config.update(API_SETTINGS)
    app.config.update(config.from_environment())
    app.config.update(overrides or {})
    app.json.sort_keys = False

    db.init_app(app)
    read_only.init_app(app)  # 405: a replica takes no writes
    links.init_app(app)  # then 400: a Host no link can be written with
    auth.init_app(app)  # then 401: a write needs a token
    body_rules.init_app(app)  # then 415: a body must be JSON
    errors.init_app(app)
    recorded = metrics.init_app(app)  # None when TIMELINE_METRICS=off
    response_cache.init_app(app, stats=recorded)
    # Before http_headers: its after_request hook then runs after theirs (long Cache-Control).
    static_assets.init_app(app, {"docs_assets.swagger_ui_asset": meta.SWAGGER_UI_ASSETS})
    http_headers.init_app(app)
    draft_slots.init_app(app)  # at most a few drafts at once per worker
    db.follow_snapshots(app)  # the outermost middleware that reads, so it runs before any read
    cors.init_app(app)  # flask-cors, its answer remembered where it cannot vary

    plugins = [ConditionalRequestsPlugin(), RepresentationPlugin(), ServerLayerResponsesPlugin()]
    api = TimelineApi(app, spec_kwargs={"extra_plugins": plugins})
    api.register_security()
    blueprints = (
        events.blp,
        *resources.BLUEPRINTS,
        histogram.blp,
        exports.blp,
        drafts.blp,
        changes.blp,
        pages.blp,
        drafts_page.blp,
        meta.blp,
    )
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.register_blueprint(meta.assets)
    # Last: the outermost WSGI layer, around the response cache (observed_requests.py).
    observed_requests.init_app(app, recorded)
    return app
