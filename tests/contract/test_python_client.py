"""The contract from a Python program's side: openapi-python-client (pinned in the test lock)
generates a client from openapi.yaml, and every operation of it runs against the real server.

The generator is told only what any consumer would tell it
(clients/python/openapi-python-client.yaml: which of the contract's media types to read as
bytes or text); a warning from it fails the test. Each answer must parse into what the
generated code declares: a model whose ``to_dict()`` gives back the JSON the server sent, a
``File`` of the exported bytes, or the text itself, never a 200 read as a problem.
"""

import importlib
import inspect
import json
import os
import pkgutil
import re
import subprocess
import sys
from datetime import date, datetime
from http import HTTPStatus
from io import BytesIO
from types import ModuleType

import openpyxl
import pytest
import yaml

from tests.helpers import CONTRACT, REPO, TOKEN, Server, committed_contract

pytestmark = pytest.mark.slow  # starts real servers
GENERATOR_CONFIG = REPO / "clients" / "python" / "openapi-python-client.yaml"
PACKAGE = "timeline_python_client"
SOURCE = "asianews-2024-us-china-repatriation"
EVENT = "two-sessions-2024"
DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def generate(output) -> subprocess.CompletedProcess:
    venv_bin = os.path.dirname(sys.executable)
    return subprocess.run(
        [
            os.path.join(venv_bin, "openapi-python-client"),
            "generate",
            "--path",
            str(CONTRACT),
            "--config",
            str(GENERATOR_CONFIG),
            "--output-path",
            str(output),
            "--meta",
            "none",
            "--fail-on-warning",
        ],
        # Its post-generation hooks run ruff, from this virtual environment.
        env={**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> ModuleType:
    """The generated package, imported from a temporary directory."""
    root = tmp_path_factory.mktemp("python-client")
    result = generate(root / PACKAGE)
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def live(generated, tmp_path_factory):
    """A client of the generated package bound to a real gunicorn server on a fresh database."""
    server = Server(tmp_path_factory.mktemp("python-client-db") / "timeline.db").start()
    try:
        with generated.AuthenticatedClient(base_url=server.url, token=TOKEN) as client:
            yield client
    finally:
        server.stop()


def operations(generated) -> dict[str, ModuleType]:
    """Every operation module the generator wrote, by name (``list_events``...)."""
    api = importlib.import_module(f"{PACKAGE}.api")
    found = {}
    for group in pkgutil.iter_modules(api.__path__):
        package = importlib.import_module(f"{api.__name__}.{group.name}")
        for operation in pkgutil.iter_modules(package.__path__):
            found[operation.name] = importlib.import_module(f"{package.__name__}.{operation.name}")
    return found


def model(generated, name: str, document: dict):
    return getattr(importlib.import_module(f"{PACKAGE}.models"), name).from_dict(document)


def answered(response, status: int):
    """The parsed answer, after checking the status and that it parses into what the
    operation declares for it (the generated code only reaches the problem model for errors)."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    parsed = response.parsed
    content_type = response.headers.get("Content-Type", "")
    problem = type(parsed).__name__ == "Problem"
    assert problem == content_type.startswith("application/problem+json"), (content_type, parsed)
    if content_type.startswith(("application/json", "application/problem+json")):
        assert instants(parsed.to_dict()) == instants(json.loads(response.content))
    return parsed


def instants(document):
    """The document with each date-time as the instant it names: the model writes
    ``+00:00`` where the server writes ``Z``."""
    if isinstance(document, dict):
        return {key: instants(value) for key, value in document.items()}
    if isinstance(document, list):
        return [instants(value) for value in document]
    if isinstance(document, str) and DATE_TIME.fullmatch(document):
        return datetime.fromisoformat(document)
    return document


def calls_without_arguments(generated) -> dict[str, ModuleType]:
    """The GETs that need no argument: every read of a collection, page and file."""
    return {
        name: module
        for name, module in operations(generated).items()
        if all(
            parameter.default is not inspect.Parameter.empty
            for parameter in inspect.signature(module.sync_detailed).parameters.values()
            if parameter.name != "client"
        )
        and module._get_kwargs()["method"] == "get"
    }


def test_every_operation_without_arguments_parses_its_answer(generated, live):
    reads = calls_without_arguments(generated)
    assert {"list_events", "get_contract", "export_events_xlsx", "get_changes_atom"} <= set(reads)
    for name, module in sorted(reads.items()):
        response = module.sync_detailed(client=live)
        parsed = answered(response, HTTPStatus.OK)
        assert parsed is not None, name
        etag = response.headers.get("ETag")
        if etag:
            again = module.sync_detailed(client=live, if_none_match=etag)
            assert again.status_code == HTTPStatus.NOT_MODIFIED and again.parsed is None, name


def test_binary_and_text_answers_are_the_bytes_and_text_served(generated, live):
    api = operations(generated)
    workbook = answered(api["export_events_xlsx"].sync_detailed(client=live), HTTPStatus.OK)
    sheet = openpyxl.load_workbook(BytesIO(workbook.payload.read())).active
    assert EVENT in [row[0] for row in sheet.iter_rows(values_only=True)]
    contract = answered(api["get_contract"].sync_detailed(client=live), HTTPStatus.OK)
    assert yaml.safe_load(contract) == committed_contract()
    feed = answered(api["get_changes_atom"].sync_detailed(client=live), HTTPStatus.OK)
    assert feed.startswith("<?xml") and "<feed" in feed


def test_drafts_from_json_and_from_plain_text(generated, live):
    api = operations(generated)
    text = "Two weeks ago, eight bodies were found."
    as_json = model(generated, "DraftRequest", {"text": text, "published": "2024-04-08"})
    from_json = answered(api["create_draft"].sync_detailed(client=live, body=as_json), 200)
    types = importlib.import_module(f"{PACKAGE}.types")
    plain = types.File(payload=BytesIO(text.encode()), mime_type="text/plain")
    from_text = answered(
        api["create_draft"].sync_detailed(client=live, body=plain, published=date(2024, 4, 8)),
        HTTPStatus.OK,
    )
    assert from_json.to_dict() == from_text.to_dict()
    assert [e.phrase for e in from_text.expressions] == ["Two weeks ago"]
    # The form's other answer, the HTML page, is for browsers: the generator reads a 200 in
    # the first media type it knows, and application/json sorts before text/html.
    form = {"text": text, "published": "2024-04-08", "action": "download"}
    download = api["post_draft_page"].sync_detailed(
        client=live, body=model(generated, "DraftForm", form)
    )
    dataset = answered(download, HTTPStatus.OK).to_dict()
    assert [event["date"] for event in dataset["events"]] == ["2024-03-25~"]


# Each kind of item: its create body, its replace body, a merge patch, and the name of the
# path parameter that holds its id.
ITEMS = {
    "event": (
        {
            "id": "python-client-event",
            "title": "Written by the generated Python client",
            "summary": "An event the contract test creates and deletes.",
            "date": "2024-04",
            "source": SOURCE,
        },
        {"title": "Replaced", "summary": "Replaced.", "date": "2024-04-02", "source": SOURCE},
        {"summary": "Patched."},
        "event_id",
    ),
    "actor": (
        {"id": "python-client-actor", "kind": "person", "name": "A Client"},
        {"kind": "organisation", "name": "A Client Organisation"},
        {"name": "A Patched Client"},
        "item_id",
    ),
    "place": (
        {"id": "python-client-place", "kind": "city", "name": "Clientville"},
        {"kind": "city", "name": "Clientville Again"},
        {"name": "Patched Clientville"},
        "item_id",
    ),
    "tag": (
        {"id": "python-client-tag", "label": "Client"},
        {"label": "Client, replaced"},
        {"label": "Client, patched"},
        "item_id",
    ),
    "source": (
        {
            "id": "python-client-source",
            "title": "A source",
            "publisher": "The test",
            "published": "2024-04-08",
            "sha256": "0" * 64,
            "length": 10,
        },
        {
            "title": "A source, replaced",
            "publisher": "The test",
            "published": "2024-04-08",
            "sha256": "1" * 64,
            "length": 12,
        },
        {"title": "A source, patched"},
        "item_id",
    ),
}


@pytest.mark.parametrize("kind", list(ITEMS))
def test_create_read_replace_patch_delete_each_kind(generated, live, kind):
    record, replacement, patch, key = ITEMS[kind]
    api = operations(generated)
    name = kind.capitalize()
    plural = "sources" if kind == "source" else f"{kind}s"
    item = {key: record["id"]}
    created = api[f"create_{kind}"].sync_detailed(
        client=live, body=model(generated, f"{name}Record", record)
    )
    answered(created, HTTPStatus.CREATED)
    read = api[f"get_{kind}"].sync_detailed(client=live, **item)
    assert answered(read, HTTPStatus.OK).to_dict()["id"] == record["id"]
    stale = api[f"replace_{kind}"].sync_detailed(
        client=live,
        body=model(generated, f"{name}Replace", replacement),
        if_match='"not-this-version"',
        **item,
    )
    answered(stale, HTTPStatus.PRECONDITION_FAILED)
    replaced = api[f"replace_{kind}"].sync_detailed(
        client=live,
        body=model(generated, f"{name}Replace", replacement),
        if_match=read.headers["ETag"],
        **item,
    )
    answered(replaced, HTTPStatus.OK)
    patched = api[f"patch_{kind}"].sync_detailed(
        client=live, body=model(generated, "MergePatch", patch), **item
    )
    assert answered(patched, HTTPStatus.OK).to_dict().items() >= patch.items()
    if kind == "event":
        history = api["get_event_history"].sync_detailed(client=live, **item)
        answered(history, HTTPStatus.OK)
    deleted = api[f"delete_{kind}"].sync_detailed(client=live, **item)
    assert deleted.status_code == HTTPStatus.NO_CONTENT
    gone = api[f"get_{kind}"].sync_detailed(client=live, **item)
    answered(gone, HTTPStatus.NOT_FOUND)
    listed = api[f"list_{plural}"].sync_detailed(client=live)
    assert record["id"] not in json.dumps(answered(listed, HTTPStatus.OK).to_dict())


def test_every_generated_operation_is_called_here(generated):
    """A new operation fails this test until one of the tests above calls it."""
    called = set(calls_without_arguments(generated)) | {"create_draft", "post_draft_page"}
    for kind in ITEMS:
        called |= {f"{verb}_{kind}" for verb in ("create", "get", "replace", "patch", "delete")}
    called.add("get_event_history")
    assert set(operations(generated)) == called
