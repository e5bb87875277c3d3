"""gunicorn settings, from the same environment as the app (``python:service.gunicorn_conf``)."""

from service import gunicorn_hooks
from service.config import from_environment

_settings = from_environment()

bind = f"{_settings['HOST']}:{_settings['PORT']}"
workers = _settings["WORKERS"]
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
# Threaded workers: browsers open connections ahead of need and leave them idle, and a sync
# worker would wait on such a socket until its timeout while the page's other requests queue.
worker_class = "gthread"
threads = 4

# Observability (service/gunicorn_hooks.py): the access log, and the metrics' directory.
accesslog = gunicorn_hooks.access_log()
access_log_format = gunicorn_hooks.TEXT_ACCESS_LOG_FORMAT
on_starting = gunicorn_hooks.on_starting
child_exit = gunicorn_hooks.child_exit
on_exit = gunicorn_hooks.on_exit
