"""Export renderers: CSV, XLSX, iCalendar, TimelineJS and Atom.

May import ``core``, the store and ``schemas``; never Flask, the views or each other's callers.
"""
