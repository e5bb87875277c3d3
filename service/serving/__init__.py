"""Serving over HTTP: the gunicorn worker, its HTTP protocol and the ASGI adapter for Flask.

May import ``service.app`` and ``service.errors``; nothing in the application imports this.
"""
