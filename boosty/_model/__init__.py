"""API models: attrs classes converted from the API's JSON by one cattrs converter.

The public namespace is :mod:`boosty.models`; the modules here are private, one API area each.
"""
