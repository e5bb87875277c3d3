"""Marshmallow schemas, named by role: what the API returns and accepts, what datasets hold."""
