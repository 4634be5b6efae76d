"""The account's logged-in devices (``GET /v1/user/session/``)."""

from __future__ import annotations

import datetime as dt

import attrs

from .converter import Model

__all__ = ["DeviceInfo", "Session", "SessionFlags"]


@attrs.frozen(repr=False)
class DeviceInfo(Model):
    """The device of a session, as its browser or app reported it."""

    model: str = ""
    brand: str = ""
    os: str = ""
    user_agent: str = ""
    _repr_fields = ("os", "brand", "model")


@attrs.frozen(repr=False)
class SessionFlags(Model):
    """``is_current``: the session making this request; ``is_online``: active right now."""

    is_online: bool = False
    is_current: bool = False
    _repr_fields = ("is_online", "is_current")


@attrs.frozen(repr=False)
class Session(Model):
    """A logged-in device of the account (``GET /v1/user/session/``).

    ``remote_addr`` (the last IP address) is personal data: not in ``repr``. Times are UTC.
    """

    id: str
    created_at: dt.datetime | None = None
    last_active_at: dt.datetime | None = None
    type: str = ""
    country: str = ""
    remote_addr: str = ""
    device_info: DeviceInfo | None = None
    flags: SessionFlags = attrs.field(factory=SessionFlags)
    _repr_fields = ("id", "type", "country")

    @property
    def is_current(self) -> bool:
        """``True`` for the session this client uses."""
        return self.flags.is_current
