"""Settings: one configuration for the library and the ``boosty`` command (``boosty.Settings``)."""

from .settings import CacheSettings, Settings, SettingsError

__all__ = ["CacheSettings", "Settings", "SettingsError"]
