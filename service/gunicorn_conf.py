"""gunicorn settings, from the same environment as the app (``python:service.gunicorn_conf``)."""

from service.config import from_environment

_settings = from_environment()

bind = f"{_settings['HOST']}:{_settings['PORT']}"
workers = _settings["WORKERS"]
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
# gunicorn takes SCRIPT_NAME and PATH_INFO from request headers sent by forwarded_allow_ips,
# which is every local client, and answers 500 when SCRIPT_NAME is not a prefix of the path.
# This service is mounted at the root: take neither from a header.
forwarder_headers = ""
# Threaded workers: browsers open connections ahead of need and leave them idle, and a sync
# worker would wait on such a socket until its timeout while the page's other requests queue.
worker_class = "gthread"
threads = 4
