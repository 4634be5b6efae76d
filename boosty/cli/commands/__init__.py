"""The subcommands of ``boosty``; importing this package registers them on the group."""

from __future__ import annotations

from . import account, blogs, comment, config, download, fake, message, posts, publish, watch

__all__ = ["account", "blogs", "comment", "config", "download", "fake", "message", "posts", "publish", "watch"]
