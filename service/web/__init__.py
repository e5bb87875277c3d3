"""Pages for people: the timeline as server-rendered HTML that works without JavaScript.

May import what the API's views may (the store, ``schemas``, ``errors``) and the modules
views share (``service.api.event_query``, ``service.api.openapi``), never an API view.
"""
