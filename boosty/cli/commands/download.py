"""``boosty download``: mirror a blog's posts and media to a folder."""

from __future__ import annotations

__all__: list[str] = []
