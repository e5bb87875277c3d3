"""gunicorn settings, from the same environment as the app (``serving.gunicorn_conf``).

gunicorn manages the processes; each worker is uvicorn's, reading HTTP on its event loop and
handing only complete requests to the Flask app's threads (service/serving/), so clients that
send slowly cannot hold the threads. Hooks (``post_fork``, ``child_exit``, ...) and the
access log work as with any gunicorn worker.
"""

from service.config import from_environment
from service.serving import gunicorn_hooks

_settings = from_environment()

wsgi_app = "service.serving.asgi:create_asgi_app()"
worker_class = "service.serving.worker.TimelineWorker"
bind = f"{_settings['HOST']}:{_settings['PORT']}"
workers = _settings["WORKERS"]
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
# What a request may be before it is refused (414, 431): gunicorn's defaults, stated.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# SIGTERM: stop accepting, finish what is in flight for up to this long, then exit.
graceful_timeout = 30

# Features the service does not use, off. gunicorn 25.1+ would otherwise open a control socket
# at $XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl, one path shared by every
# gunicorn of that user, through which any of them can be stopped or resized.
control_socket_disable = True
reload = False
proxy_protocol = False

# Observability (service/serving/gunicorn_hooks.py): the access log, and the metrics' directory.
accesslog = gunicorn_hooks.access_log()
on_starting = gunicorn_hooks.on_starting
child_exit = gunicorn_hooks.child_exit
on_exit = gunicorn_hooks.on_exit
