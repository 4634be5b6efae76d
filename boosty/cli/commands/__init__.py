"""The subcommands of ``boosty``; importing this package registers them on the group."""

from __future__ import annotations

from . import account, blogs, config, download, fake, posts, watch

__all__ = ["account", "blogs", "config", "download", "fake", "posts", "watch"]
