"""Errors of the events package."""

from __future__ import annotations

from .._errors import BoostyError

__all__ = ["EventStateError", "EventsError"]


class EventsError(BoostyError):
    """Polling cannot be set up as asked (e.g. an anonymous client asked for owner-only events)."""


class EventStateError(EventsError):
    """The poller's state file cannot be opened, read or written (``path`` names it)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path
