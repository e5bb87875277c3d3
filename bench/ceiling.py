"""The ceiling: a bare Flask endpoint returning a small constant JSON, served like the service."""

from flask import Flask

app = Flask(__name__)


@app.get("/ping")
def ping():
    return {"status": "ok"}
