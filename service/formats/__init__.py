"""Export renderers: CSV, XLSX, iCalendar, TimelineJS and Atom.

May import ``core``, ``files``, the store and ``schemas``; never Flask or a view.
"""
