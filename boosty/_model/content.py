"""Content blocks: the ``data`` of posts, comments, messages, levels and blog descriptions.

Boosty sends rich text as a list of blocks tagged by ``type`` (``boosty-api.md`` §4.1.1).
This module gathers the parts, each a module of its own: the text-like blocks and their
style ranges (:mod:`.text`), video blocks and variant choice (:mod:`.video`), the other
blocks and the :data:`Block` union (:mod:`.blocks`), downloadable media (:mod:`.media`)
and rendering as text or Markdown (:mod:`.markdown`). None of them imports this module.
"""

from __future__ import annotations

from .blocks import AudioBlock, Block, FileBlock, ImageBlock, ListBlock, ListItem, SmileBlock, UnknownBlock
from .markdown import blocks_to_markdown, blocks_to_text
from .media import MediaItem, blocks_to_media
from .text import (
    HeaderBlock,
    LinkBlock,
    StyleRange,
    TextBlock,
)
from .video import VIDEO_QUALITIES, OkVideoBlock, PlayerUrl, VideoBlock

__all__ = [
    "VIDEO_QUALITIES",
    "AudioBlock",
    "Block",
    "FileBlock",
    "HeaderBlock",
    "ImageBlock",
    "LinkBlock",
    "ListBlock",
    "ListItem",
    "MediaItem",
    "OkVideoBlock",
    "PlayerUrl",
    "SmileBlock",
    "StyleRange",
    "TextBlock",
    "UnknownBlock",
    "VideoBlock",
    "blocks_to_markdown",
    "blocks_to_media",
    "blocks_to_text",
]
