"""The timeline service: dated events from news articles as a REST API."""
