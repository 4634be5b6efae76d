"""Settings shared by the library and the ``boosty`` command: :class:`Settings` (also
``boosty.Settings``), the response cache's :class:`CacheSettings`, and the errors and warnings
of loading them. See :meth:`Settings.load` and ``Boosty.from_settings()``."""

from __future__ import annotations

from ._config.settings import CacheSettings, Settings, SettingsError, SettingsWarning, default_config_path

__all__ = ["CacheSettings", "Settings", "SettingsError", "SettingsWarning", "default_config_path"]
