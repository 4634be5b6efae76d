"""Content blocks: the ``data`` of posts, comments, messages, levels and blog descriptions.

Boosty sends rich text as a list of blocks tagged by ``type`` (``boosty-api.md`` §4.1.1).
This module gathers the parts, each a module of its own: the text-like blocks and their
style ranges (:mod:`.text`), video blocks and variant choice (:mod:`.video`), the other
blocks and the :data:`Block` union (:mod:`.blocks`), downloadable media (:mod:`.media`)
and rendering as text or Markdown (:mod:`.markdown`). None of them imports this module.
"""

from __future__ import annotations

from .blocks import BLOCK_TYPES, AudioBlock, Block, FileBlock, ImageBlock, ListBlock, ListItem, SmileBlock, UnknownBlock
from .markdown import blocks_to_markdown, blocks_to_text
from .media import MediaItem, UrlFor, append_signed_query, blocks_to_media
from .text import (
    BLOCK_END,
    BOLD,
    ITALIC,
    UNDERLINE,
    HeaderBlock,
    LinkBlock,
    StyleRange,
    TextBlock,
    decode_content,
    encode_content,
)
from .video import VIDEO_QUALITIES, OkVideoBlock, PlayerUrl, VideoBlock, choose_player_url

__all__ = [
    "BLOCK_END",
    "BLOCK_TYPES",
    "BOLD",
    "ITALIC",
    "UNDERLINE",
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
    "UrlFor",
    "VideoBlock",
    "append_signed_query",
    "blocks_to_markdown",
    "blocks_to_media",
    "blocks_to_text",
    "choose_player_url",
    "decode_content",
    "encode_content",
]
