"""What the layers of one request leave for each other in its WSGI environ (names only).

The outer layer (service/observed_requests.py) reads what the inner ones wrote, whichever
of them answered: the response cache (service/response_cache.py) or Flask.
"""

REQUEST_ID = "timeline.request_id"  # str: the request's id (service/request_ids.py)
ROUTE = "timeline.route"  # str: the route template that answered, e.g. /events/{event_id}
REVISION = "timeline.revision"  # Revision: the data revision a GET was read at
CACHE_HIT = "timeline.cache_hit"  # bool: whether the response cache had the answer
