"""The service about itself: health, its OpenAPI contract, and offline interactive docs."""

import time
from pathlib import Path

import flask_swagger_ui
import marshmallow as ma
import yaml
from flask import Blueprint, Flask, Response, current_app, render_template, send_from_directory
from flask.views import MethodView
from flask_smorest import abort, current_api

from schemas.common import WholeNumber
from service.api.openapi import ApiBlueprint
from service.files.db import get_db
from service.files.following import follow_lag
from service.store.resources import count_events
from service.store.revision import current_revision

SWAGGER_UI_ASSETS = Path(flask_swagger_ui.__file__).parent / "dist"

blp = ApiBlueprint("meta", __name__, description="Health, contract and documentation.")


class ReplicaLagSchema(ma.Schema):
    revision = WholeNumber(
        required=True, metadata={"description": "The revision of the data this replica serves."}
    )
    lag_revisions = WholeNumber(
        required=True,
        allow_none=True,
        metadata={
            "description": "Revisions the replica location holds beyond the served one "
            "(null when it holds another instance of the data, or is unknown)."
        },
    )
    lag_seconds = ma.fields.Float(
        required=True,
        allow_none=True,
        metadata={
            "description": "Seconds since the replica last found the newest data in its "
            "replica location (null when unknown)."
        },
    )


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"example": "ok"})
    events = WholeNumber(required=True, metadata={"description": "Events in the database."})
    replica = ma.fields.Nested(
        ReplicaLagSchema,
        metadata={
            "description": "Only on a replica that follows the primary through Litestream "
            "(timeline serve --follow): how far behind it is."
        },
    )


@blp.route("/healthz")
class Health(MethodView):
    @blp.doc(operationId="getHealth")
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def get(self):
        """Check that the database answers"""
        try:
            db = get_db()
            health = {"status": "ok", "events": count_events(db)}
            status_path = current_app.config["TIMELINE_FOLLOW_STATUS"]
            if status_path:
                health["replica"] = follow_lag(status_path, current_revision(db), time.time())
            return health
        except Exception as error:  # any database failure means unhealthy, not a crash
            abort(503, message=f"database unavailable: {type(error).__name__}")


@blp.route("/openapi.yaml")
class Contract(MethodView):
    @blp.doc(operationId="getContract")
    @blp.response(
        200,
        {"type": "string", "description": "An OpenAPI 3.1 document, as YAML text."},
        content_type="application/yaml",
    )
    def get(self):
        """The OpenAPI contract this service implements"""
        return Response(contract_yaml(current_api.spec.to_dict()), mimetype="application/yaml")


@blp.route("/docs")
class Docs(MethodView):
    @blp.doc(operationId="getDocs")
    @blp.response(200, {"type": "string"}, content_type="text/html")
    def get(self):
        """Interactive API documentation (Swagger UI, served from this service)"""
        return Response(render_template("docs.html"), mimetype="text/html")


assets = Blueprint("docs_assets", __name__)


@assets.route("/docs/assets/<path:filename>")
def swagger_ui_asset(filename):
    """Swagger UI's files, from the installed package; not part of the API contract."""
    return send_from_directory(SWAGGER_UI_ASSETS, filename)


def contract_yaml(spec: dict) -> str:
    """The contract as YAML, written the one way the committed ``openapi.yaml`` is: every
    value in full where it appears, never as a YAML alias (``&id001``/``*id001``) to a value
    two operations happen to share, which some consumers' tools do not follow."""
    return yaml.dump(spec, Dumper=_NoAliases)


class _NoAliases(yaml.Dumper):
    def ignore_aliases(self, data) -> bool:
        return True


def contract_of(app: Flask) -> str:
    """The contract ``app`` declares, as the YAML of ``openapi.yaml``."""
    api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    with app.app_context():
        return contract_yaml(api.spec.to_dict())
