"""Headers every response carries: conditional-GET caching and security headers."""

from flask import Flask, Response, current_app, request

HTML_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


def register(app: Flask) -> None:
    app.after_request(add_caching_headers)
    app.after_request(add_security_headers)


def add_caching_headers(response: Response) -> Response:
    """Strong ETag on successful GETs, 304 when ``If-None-Match`` still holds, and Cache-Control."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["TIMELINE_CACHE_MAX_AGE"]
    if not response.is_streamed:
        response.add_etag()
        response.make_conditional(request)
    return response


def add_security_headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    is_html = response.mimetype == "text/html"
    response.headers["Content-Security-Policy"] = HTML_POLICY if is_html else API_POLICY
    return response
