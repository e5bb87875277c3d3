"""Serving over HTTP: the gunicorn worker, its HTTP protocol and the ASGI adapter for Flask.

May import ``service.app``, ``service.config``, ``service.errors`` and
``service.files.paths`` (the metrics directory it owns); nothing in the application imports
this.
"""
