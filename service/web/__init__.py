"""Pages for people: the timeline as server-rendered HTML that works without JavaScript."""
