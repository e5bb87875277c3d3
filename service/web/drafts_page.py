"""``GET /drafts``: a form to paste a text and its publication day; ``POST /drafts/page``
answers with the text, each date in it marked and worked out, or (the same form posted with
the download button) with the draft dataset as a file. Nothing is stored; no script needed.
"""

import orjson
from flask import Response, render_template, request
from flask.views import MethodView
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from schemas.draft import DRAFT_PAGE_MAX_CHARACTERS, DraftFormSchema
from service.api.openapi import ApiBlueprint
from service.drafts.dataset import draft_dataset, slug
from service.drafts.drafting import DRAFT_PAGE_MAX_BODY_BYTES, allow_draft_sized_body
from service.drafts.resolver import find_expressions
from service.drafts.slots import draft_slot
from service.http.view_marks import takes_bodies, writes_nothing
from service.web.draft_view import draft_view

FORM = "application/x-www-form-urlencoded"
FIELDS = ("text", "published", "source")

blp = ApiBlueprint(
    "drafts_page", __name__, description="The draft page: paste a text, see and download its dates."
)
_HTML = {"schema": {"type": "string"}, "content_type": "text/html"}
_FORM_BODY = {"required": True, "content": {FORM: {"schema": DraftFormSchema}}}


_ANSWERS = {
    "200": {
        "description": "The page; with action=download, the draft dataset as an attachment.",
        "content": {
            "text/html": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "object"}},
        },
    }
}


@blp.route("/drafts")
class DraftPage(MethodView):
    @blp.doc(operationId="getDraftPage")
    @blp.response(200, **_HTML)
    def get(self):
        """The draft form: paste a news text and give its publication day"""
        return _page(form=dict.fromkeys(FIELDS, ""))


@blp.route("/drafts/page")
class DraftAnswer(MethodView):
    @blp.doc(operationId="postDraftPage", requestBody=_FORM_BODY, responses=_ANSWERS)
    @blp.alt_response(400, description="The form again, saying what was wrong.", **_HTML)
    @blp.alt_response(413, description="The form again: the body was too large to read.", **_HTML)
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @writes_nothing
    @takes_bodies(FORM)
    def post(self):
        """The text with its dates marked, or with action=download the draft dataset file"""
        allow_draft_sized_body(DRAFT_PAGE_MAX_BODY_BYTES)
        try:
            posted = request.form
        except RequestEntityTooLarge:
            return _page(form=dict.fromkeys(FIELDS, ""), problem=_TOO_LARGE, status=413)
        form = {name: posted.get(name, "").replace("\r\n", "\n") for name in FIELDS}
        try:
            draft = DraftFormSchema().load({**posted.to_dict(), **form})
        except ValidationError as error:
            return _page(form=form, problem=_problem(error.messages), status=400)
        with draft_slot():
            if draft["action"] == "download":
                return _download(draft)
            expressions = find_expressions(draft["text"], draft["published"])
        return _page(form=form, draft=draft_view(draft["text"], draft["published"], expressions))


_TOO_LARGE = {
    "detail": f"the form was larger than this page reads ({DRAFT_PAGE_MAX_BODY_BYTES:,} bytes): "
    f"paste at most {DRAFT_PAGE_MAX_CHARACTERS:,} characters",
}


def _download(draft: dict) -> Response:
    source = draft["source"] or f"draft-{draft['published'].isoformat()}"
    dataset, _ = draft_dataset(draft["text"], draft["published"], source)
    body = orjson.dumps(dataset, option=orjson.OPT_INDENT_2) + b"\n"
    headers = {"Content-Disposition": f'attachment; filename="{slug(source)}.json"'}
    return Response(body, mimetype="application/json", headers=headers)


def _problem(messages: dict) -> dict:
    errors = [
        {"pointer": f"/{field}", "detail": " ".join(map(str, texts))}
        for field, texts in messages.items()
    ]
    return {
        "detail": "; ".join(f"{e['pointer'][1:]}: {e['detail']}" for e in errors),
        "errors": errors,
    }


def _page(*, status: int = 200, **context) -> Response:
    html = render_template("drafts.html", max_characters=DRAFT_PAGE_MAX_CHARACTERS, **context)
    return Response(html, status=status, mimetype="text/html")
