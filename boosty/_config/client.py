"""``Boosty.from_settings`` / ``AsyncBoosty.from_settings``: a client built from :class:`Settings`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .build import build_sender, client_options
from .settings import Settings, SettingsError

__all__ = ["from_settings"]

if TYPE_CHECKING:
    from .._client.base import ClientBase

C = TypeVar("C", bound="ClientBase")


def from_settings(cls: type[C], settings: Settings | None, arguments: dict[str, Any]) -> C:
    """A ``cls`` client whose sender chain, base URL and auth ``settings`` describe.

    ``settings=None`` loads them (:meth:`Settings.load` with ``arguments`` on top); given
    settings are used as they are, with ``arguments`` replacing single values.
    """
    if settings is None:
        settings = Settings.load(**arguments)
    elif arguments:
        unknown = set(arguments) - {field.name for field in attrs.fields(Settings) if field.name != "sources"}
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        sources = {**settings.sources, **{name: f"argument ({name})" for name in arguments}}
        settings = attrs.evolve(settings, **arguments, sources=sources)
    options = client_options(settings)
    sender = build_sender(settings, asynchronous=cls._needs_async)
    try:
        client = cls(sender=sender, **options)
    except BaseException:
        if not sender.is_async:
            sender.close()
        raise
    client.settings = settings
    return client
