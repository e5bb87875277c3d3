"""Headers every response carries: conditional-GET caching and security headers."""

from flask import Flask, Response, current_app, g, request

from service.http.compression import compress, negotiated_encoding

HTML_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


def init_app(app: Flask) -> None:
    app.after_request(add_caching_headers)
    app.after_request(add_security_headers)


def add_caching_headers(response: Response) -> Response:
    """Strong ETag on successful GETs, 304 when ``If-None-Match`` still holds, Cache-Control
    (unless the view said ``no-store``), and gzip when the client accepts it
    (service/http/compression.py), before the ETag, which names the bytes sent.

    An ETag the view set itself (an event's version, which writes check with If-Match)
    is kept. Otherwise views whose answers are keyed on the data's revision get the key's
    ETag, also on the 304 (service/http/response_cache.py); others get a hash of their body.
    """
    if request.method not in ("GET", "HEAD") or response.status_code not in (200, 304):
        return response
    environ = request.environ
    headers = response.headers
    # Parsed only when a view set one: most answers have none, and parsing is not free.
    if "Cache-Control" not in headers or not response.cache_control.no_store:
        headers["Cache-Control"] = f"public, max-age={current_app.config['TIMELINE_CACHE_MAX_AGE']}"
    if "Vary" in headers:
        response.vary.add("Accept-Encoding")
    else:
        headers["Vary"] = "Accept-Encoding"
    compress(response, negotiated_encoding(environ))
    etag = None if "ETag" in headers else g.get("response_etag")
    if etag is not None:
        headers["ETag"] = f'"{etag}"'
    elif response.status_code == 200 and not response.is_streamed:
        response.add_etag()
    if response.status_code == 200 and (etag is None or "HTTP_IF_NONE_MATCH" in environ):
        response.make_conditional(request)
    return response


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    is_html = response.mimetype == "text/html"
    headers["Content-Security-Policy"] = HTML_POLICY if is_html else API_POLICY
    return response
