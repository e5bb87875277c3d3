"""Pure leaves: kinds, EDTF dates, display dates, figures, the histogram and strict JSON.

These modules import nothing from ``service`` or ``schemas`` but each other, so the schemas,
the store and the views can all build on them.
"""
