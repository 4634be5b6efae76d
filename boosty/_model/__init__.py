"""API models: attrs classes converted from the API's JSON by one cattrs converter."""

from __future__ import annotations

from .blog import Blog, BlogCount, BlogOwner
from .converter import structure, to_dict

__all__ = ["Blog", "BlogCount", "BlogOwner", "to_dict"]
_ = structure
