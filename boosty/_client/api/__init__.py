"""Endpoint mixins, one API area a module."""
