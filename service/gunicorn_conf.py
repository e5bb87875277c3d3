"""gunicorn settings, from the same environment as the app (``python:service.gunicorn_conf``)."""

from service.config import from_environment

_settings = from_environment()

bind = f"{_settings['HOST']}:{_settings['PORT']}"
workers = _settings["WORKERS"]
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
