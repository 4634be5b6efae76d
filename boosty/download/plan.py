"""Planning a post's media: which items, under which names, from which URLs.

A :class:`MediaJob` is one media item of a post that the run wants: its stable key (the
block id, or a hash of the URL without its query), kind (``image``, ``file``, ``audio``,
``video``), URL (``""`` while Boosty is not ready: a video still processing, an upload
still running) and planned name. Files and audio keep the author's file name; images are
named after their title (or ``image-NN``) and videos after theirs (or ``video-NN``), with
the extension taken from ``Content-Type`` once the answer arrives (:func:`extension_for`,
then the title's, then the file's magic bytes: :func:`sniff`).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

from .._model.content import ListBlock, MediaItem, OkVideoBlock
from .._model.post import Post
from .paths import PART, safe_name
from .state import MediaRecord

__all__ = ["KIND_OF", "RESERVED_NAMES", "MediaJob", "extension_for", "fingerprint", "media_key", "plan_media", "sniff"]

KIND_OF = {"image": "images", "file": "files", "audio": "audio", "video": "video"}
_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/pjpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/avif": ".avif",
    "image/heic": ".heic",
    "image/svg+xml": ".svg",
    "video/mp4": ".mp4",
    "video/webm": ".webm",
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/ogg": ".ogg",
    "audio/flac": ".flac",
    "application/zip": ".zip",
    "application/pdf": ".pdf",
}
_MAGIC = (
    (0, b"\xff\xd8\xff", ".jpg"),
    (0, b"\x89PNG\r\n\x1a\n", ".png"),
    (0, b"GIF8", ".gif"),
    (8, b"WEBP", ".webp"),
    (4, b"ftyp", ".mp4"),
    (0, b"ID3", ".mp3"),
    (0, b"PK\x03\x04", ".zip"),
    (0, b"%PDF", ".pdf"),
)
RESERVED_NAMES = ("post.md", "post.json", "post.html")


@attrs.define
class MediaJob:
    """One media item of a post, planned: where it goes and whether it can be fetched."""

    key: str
    kind: str  # image / file / audio / video
    url: str  # "" when not ready on Boosty's side
    name: str  # final name, or a stem when ``stem`` (extension from Content-Type)
    stem: bool
    fallback_ext: str
    size: int | None
    item: MediaItem | None
    record: MediaRecord | None = None

    @property
    def pending(self) -> bool:
        return not self.url

    @property
    def part_name(self) -> str:
        return self.name + PART

    @property
    def shown(self) -> str:
        """The name to show before the extension is known."""
        return self.name + self.fallback_ext if self.stem else self.name


def media_key(item_id: str, url: str) -> str:
    if item_id:
        return item_id
    return hashlib.sha256(_strip_url(url).encode()).hexdigest()[:24]


def _strip_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _walk_blocks(blocks: Iterable[Any]) -> Iterable[Any]:
    for block in blocks:
        if isinstance(block, ListBlock):
            stack = list(block.items)
            while stack:
                entry = stack.pop(0)
                yield from _walk_blocks(entry.data)
                stack[:0] = entry.items
        else:
            yield block


def plan_media(post: Post, kinds: frozenset[str], quality: str) -> list[MediaJob]:
    """The media of ``post`` that ``kinds`` want, in order, names not yet de-duplicated."""
    jobs: list[MediaJob] = []
    counts: dict[str, int] = {}
    items = {item.id: item for item in post.media_for(quality) if not item.external and item.id}
    loose = [item for item in post.media_for(quality) if not item.external and not item.id]
    for block in _walk_blocks(post.data):
        item: MediaItem | None
        if isinstance(block, OkVideoBlock):
            item = items.get(block.id)
            kind = "video"
            if item is None and block.id:
                # No progressive variant yet (still processing, or only manifests).
                jobs.append(_named(MediaJob(block.id, kind, "", "", True, ".mp4", None, None), block.title, counts))
                continue
        else:
            item = items.get(getattr(block, "id", "") or "\0")
        if item is None:
            continue
        jobs.append(_job(item, item.id, counts))
    for item in loose:
        jobs.append(_job(item, "", counts))
    unique: dict[str, MediaJob] = {}
    for job in jobs:
        unique.setdefault(job.key, job)
    return [job for job in unique.values() if KIND_OF[job.kind] in kinds]


def _job(item: MediaItem, item_id: str, counts: dict[str, int]) -> MediaJob:
    url = item.url if item.complete else ""
    job = MediaJob(media_key(item_id, item.url), item.kind, url, "", True, "", item.size, item)
    return _named(job, item.title, counts)


def _named(job: MediaJob, title: str, counts: dict[str, int]) -> MediaJob:
    counts[job.kind] = counts.get(job.kind, 0) + 1
    default = f"{job.kind}-{counts[job.kind]:02d}"
    stem, ext = os.path.splitext(title)
    has_ext = bool(stem) and 1 < len(ext) <= 10 and " " not in ext
    if job.kind in ("file", "audio") and has_ext:
        job.name, job.stem = safe_name(title, fallback=default), False
        return job
    if job.kind == "image":
        job.fallback_ext = ext.lower() if has_ext else ""
        title = stem if has_ext else title
    elif job.kind == "video":
        job.fallback_ext = ".mp4"
    job.name = safe_name(title, fallback=default) if title.strip() else default
    return job


def extension_for(content_type: str | None) -> str:
    if not content_type:
        return ""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in ("application/octet-stream", "binary/octet-stream", ""):
        return ""
    ext = _EXTENSIONS.get(kind) or mimetypes.guess_extension(kind, strict=False) or ""
    return ".jpg" if ext == ".jpe" else ext


def sniff(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return ""
    for offset, magic, ext in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return ext
    return ""


def fingerprint(post: Post) -> str:
    if post.updated_at is not None:
        version = str(int(post.updated_at.timestamp()))
    else:
        blocks = [(type(b).__name__, getattr(b, "id", ""), getattr(b, "content", "")) for b in post.data]
        version = hashlib.sha256(repr((post.title, blocks)).encode()).hexdigest()[:16]
    return f"{post.int_id}:{version}:{int(post.has_access)}"
