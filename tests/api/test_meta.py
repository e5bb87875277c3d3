"""Health, the served contract, offline docs, and the headers every response carries."""

import sqlite3

from tests.helpers import CONTRACT, problem_of


def test_healthz_counts_events(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "events": 18}


def test_healthz_is_503_when_the_database_is_broken(app, client, db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TABLE event_actors")
        conn.execute("DROP TABLE events")
    assert "database unavailable" in problem_of(client.get("/healthz"), 503)["detail"]


def test_openapi_yaml_serves_the_committed_contract_byte_for_byte(client):
    response = client.get("/openapi.yaml")
    assert response.mimetype == "application/yaml"
    assert response.get_data() == CONTRACT.read_bytes()


def test_docs_page_loads_only_assets_served_here(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html
    for asset in (
        "/docs/assets/swagger-ui.css",
        "/docs/assets/swagger-ui-bundle.js",
        "/static/docs.js",
    ):
        assert asset in html
        assert client.get(asset).status_code == 200
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_etag_answers_304_to_if_none_match(client):
    first = client.get("/events?tag=economy")
    assert first.headers["ETag"] and "max-age" in first.headers["Cache-Control"]
    again = client.get("/events?tag=economy", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get("/events?tag=trade", headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200


def test_cors_allows_any_origin_to_read_by_default(client):
    response = client.get("/events", headers={"Origin": "https://newsroom.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Link" in response.headers["Access-Control-Expose-Headers"]


def test_cors_origins_come_from_configuration(db_path):
    from service.app import create_app

    app = create_app({"TIMELINE_DB": str(db_path), "TIMELINE_CORS_ORIGINS": ["https://a.example"]})
    client = app.test_client()
    allowed = client.get("/events", headers={"Origin": "https://a.example"})
    refused = client.get("/events", headers={"Origin": "https://b.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_security_headers_on_every_response(client):
    for path in ("/events", "/nope", "/docs"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
