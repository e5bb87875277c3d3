"""Pure leaves: kinds, EDTF dates, display dates, figures, the histogram, strict JSON and
XML-safe text.

These modules import nothing from ``service`` or ``schemas`` but each other, so the schemas,
the store and the views can all build on them.
"""
