"""The gunicorn worker: uvicorn on uvloop, httptools with the limits of service/serving/protocol.py.

gunicorn stays the process manager (workers, HUP, TERM and ``graceful_timeout``, hooks in
service/serving/gunicorn_conf.py); each worker parses HTTP on its event loop and runs the Flask app
in threads (service/serving/asgi.py). gunicorn's ``limit_request_*`` settings keep their
meaning, enforced by the protocol.
"""

from functools import partial

from uvicorn_worker import UvicornWorker

from service.serving.protocol import LimitedHttpToolsProtocol, RequestLimits

# Longest a client may take to send a request's header block, from connection or first byte.
HEADER_SECONDS = 20


class TimelineWorker(UvicornWorker):
    CONFIG_KWARGS = {  # noqa: RUF012 (uvicorn-worker's documented way to configure uvicorn)
        "loop": "uvloop",
        "http": "httptools",
        "lifespan": "on",  # its shutdown writes out what the worker holds (asgi.py)
        "access_log": False,
        "server_header": False,
        "proxy_headers": True,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = RequestLimits(
            target_bytes=self.cfg.limit_request_line,
            header_fields=self.cfg.limit_request_fields,
            header_field_bytes=self.cfg.limit_request_field_size,
            header_seconds=HEADER_SECONDS,
        )
        self.config.http = partial(LimitedHttpToolsProtocol, limits=limits)
