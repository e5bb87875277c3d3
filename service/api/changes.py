"""``/changes`` and ``/feeds/changes.atom``: every create, update and delete, by revision.

A frontend keeps a copy of the timeline current by reading the changes after the revision
it last saw instead of fetching everything again. Revisions count within one database
instance, so every page names its instance, and a ``since`` from another instance is a 410
problem carrying this one's, never an empty list that would look up to date.
"""

from urllib.parse import urlencode

import orjson
from flask import Response, request, url_for
from flask.views import MethodView

from schemas.changes import ChangesGoneSchema, ChangesPageSchema, ChangesQuerySchema
from service.api.openapi import ApiBlueprint
from service.core.kinds import KINDS
from service.files.db import get_db
from service.formats.atom_format import AtomEntry, changes_feed
from service.formats.registry import ATOM
from service.store.history import Change, changes_after, latest_changes
from service.store.revision import current_revision

# What the history records, as the feed's three actions.
FEED_ACTION = {
    "create": "create",
    "replace": "update",
    "patch": "update",
    "rename": "update",
    "delete": "delete",
}
ATOM_ENTRIES = 50
_TABLE_OF_KIND = {kind.singular: kind.table for kind in KINDS}
# The field that names an item of each kind, for people (an Atom entry's title).
_NAME_FIELD = {"event": "title", **{kind.singular: kind.label for kind in KINDS}}

blp = ApiBlueprint(
    "changes",
    __name__,
    description="Every create, update and delete, in revision order, for incremental sync.",
)


@blp.route("/changes")
class Changes(MethodView):
    cache_responses = True

    @blp.doc(operationId="listChanges")
    @blp.query_arguments(ChangesQuerySchema)
    @blp.response(
        200,
        ChangesPageSchema,
        headers={"Link": {"description": 'rel="next" page', "schema": {"type": "string"}}},
    )
    @blp.alt_response(410, schema=ChangesGoneSchema, content_type="application/problem+json")
    def get(self, query):
        """List the changes after a revision, oldest first, deletes as tombstones"""
        page = changes_after(
            get_db(), query["since"], instance=query.get("instance"), limit=query["limit"]
        )
        next_url = None
        if page.has_more:
            next_url = _next_page_url(page.changes[-1].revision, page.revision.instance)
        body = (
            f'{{"instance":"{page.revision.instance}","revision":{page.revision.number},'
            f'"items":[{",".join(_entry_json(change) for change in page.changes)}],'
            f'"next":{orjson.dumps(next_url).decode()}}}'
        )
        response = Response(body, mimetype="application/json")
        if next_url is not None:
            response.headers["Link"] = f'<{next_url}>; rel="next"'
        return response


@blp.route(f"/feeds/{ATOM.file_name}")
class ChangesAtom(MethodView):
    cache_responses = True

    @blp.doc(operationId="getChangesAtom")
    @blp.response(
        200,
        {"type": "string", "description": f"Atom 1.0: the newest {ATOM_ENTRIES} changes."},
        content_type=ATOM.media_type,
    )
    def get(self):
        """The newest changes as an Atom feed, for feed readers"""
        db = get_db()
        revision = current_revision(db)
        feed = changes_feed(
            (_atom_entry(change) for change in latest_changes(db, ATOM_ENTRIES)),
            instance=revision.instance,
            title="Timeline changes",
            self_url=request.base_url,
            home_url=url_for("pages.TimelinePage", _external=True),
        )
        return Response(feed, mimetype=ATOM.media_type)


def item_url(kind: str, item_id: str) -> str:
    if kind == "event":
        return url_for("events.EventById", event_id=item_id, _external=True)
    return url_for(f"{_TABLE_OF_KIND[kind]}.Item", item_id=item_id, _external=True)


def _entry_json(change: Change) -> str:
    """One feed entry; the stored document goes in as it is, without parsing it again."""
    head = orjson.dumps(
        {
            "revision": change.revision,
            "at": change.at,
            "kind": change.kind,
            "id": change.item_id,
            "action": FEED_ACTION[change.action],
            "url": item_url(change.kind, change.item_id),
        }
    ).decode()
    return f'{head[:-1]},"item":{change.document or "null"}}}'


def _atom_entry(change: Change) -> AtomEntry:
    item = orjson.loads(change.document) if change.document else {}
    name = item.get(_NAME_FIELD[change.kind]) or change.item_id
    action = FEED_ACTION[change.action]
    return AtomEntry(
        revision=change.revision,
        updated=change.at,
        title=f"{change.kind.capitalize()} {action}d: {name}",
        summary=item.get("summary") or f"{change.kind} {change.item_id} was {action}d.",
        link=item_url(change.kind, change.item_id),
    )


def _next_page_url(after_revision: int, instance: str) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("since", "instance")]
    query = urlencode([*args, ("since", after_revision), ("instance", instance)])
    return f"{request.base_url}?{query}"
