"""Marshmallow schemas, named by role: what the API returns and accepts, what datasets hold.

May import only other schemas and the leaf modules ``core.kinds``, ``core.dates`` and
``service.core.histogram``, which import nothing from the service above them; so the store, the
views and the dataset can all use the schemas without an import cycle.
"""
