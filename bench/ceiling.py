"""The ceiling: a bare Flask endpoint returning a small constant JSON, served like the service.

``asgi_app`` puts it behind the service's own front (service/serving/), so a ratio against
the ceiling measures the service's work, not a difference between servers.
"""

from flask import Flask

from service.config import from_environment
from service.serving.asgi import behind_the_front

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
app.config["TIMELINE_THREADS"] = from_environment()["TIMELINE_THREADS"]


@app.get("/ping")
def ping():
    return {"status": "ok"}


asgi_app = behind_the_front(app)
