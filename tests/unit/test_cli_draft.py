"""``timeline draft``: a dataset to edit, refused by ``timeline load`` until it is written."""

import hashlib
import json

from click.testing import CliRunner

from schemas.common import DRAFT_PLACEHOLDER
from service.cli import main
from tests.helpers import ARTICLE


def _draft(tmp_path, *extra):
    output = tmp_path / "draft.json"
    result = CliRunner().invoke(
        main, ["draft", str(ARTICLE), "--published", "2024-04-08", "-o", str(output), *extra]
    )
    assert result.exit_code == 0, result.output
    return json.loads(output.read_text()), result.output


def _written(dataset: dict) -> dict:
    """The draft as an editor leaves it: every placeholder replaced by real words."""
    for record in dataset["sources"] + dataset["events"]:
        for field in ("title", "publisher", "summary"):
            if field in record:
                record[field] = f"Written {field} for {record['id']}"
    return dataset


def test_draft_fills_the_source_record_and_each_events_evidence(tmp_path):
    dataset, _ = _draft(tmp_path, "--source-id", "asianews-draft")
    article_bytes = ARTICLE.read_bytes()
    text = article_bytes.decode("utf-8")
    [source] = dataset["sources"]
    assert source["id"] == "asianews-draft"
    assert source["sha256"] == hashlib.sha256(article_bytes).hexdigest()
    assert source["length"] == len(text)
    assert {e["date"] for e in dataset["events"]} >= {"2024-03-25~", "2022-10-01/2023-09-30"}
    for event in dataset["events"]:
        assert event["source"] == "asianews-draft"
        [evidence] = event["evidence"]
        passage = text[evidence["start"] : evidence["end"]]
        assert hashlib.sha256(passage.encode()).hexdigest() == evidence["sha256"]
        assert event["title"].startswith(DRAFT_PLACEHOLDER)
        assert event["resolved_from"].endswith(f": {event['date']}.")


def test_draft_lists_what_it_could_not_date(tmp_path):
    _, output = _draft(tmp_path)
    assert "not dated: '16.41' at 12 (TIME 2024-04-08T16:41): a time of day" in output
    assert "not dated: '13:50' at 3673 (TIME 2024-04-05T13:50)" in output


def test_load_refuses_a_draft_until_titles_and_summaries_are_written(tmp_path):
    dataset, _ = _draft(tmp_path)
    db = tmp_path / "t.db"
    draft_file = tmp_path / "draft.json"
    refused = CliRunner().invoke(main, ["load", str(draft_file), "--db", str(db)])
    assert refused.exit_code == 1
    assert "events[0].title: still the draft's" in refused.output
    assert "nothing was written" in refused.output
    written = tmp_path / "written.json"
    written.write_text(json.dumps(_written(dataset)))
    loaded = CliRunner().invoke(main, ["load", str(written), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    assert f"loaded {len(dataset['events'])} events" in loaded.output


def test_draft_refuses_a_file_that_is_not_utf8(tmp_path):
    article = tmp_path / "latin1.txt"
    article.write_bytes("Publié en février".encode("latin-1"))
    result = CliRunner().invoke(main, ["draft", str(article), "--published", "2024-04-08"])
    assert result.exit_code == 1 and "not UTF-8" in result.output
