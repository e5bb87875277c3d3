"""Marshmallow schemas, named by role: what the API returns, what it accepts, what the dataset holds."""
