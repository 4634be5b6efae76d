"""Video blocks (``video``, ``ok_video``) and the choice among a Boosty video's variants."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from .converter import Model

__all__ = ["VIDEO_QUALITIES", "OkVideoBlock", "PlayerUrl", "VideoBlock", "choose_player_url"]


@attrs.frozen(repr=False)
class PlayerUrl(Model):
    """One variant of a Boosty-hosted video: ``type`` (``full_hd``, ``hls``, ...) and its
    ``url`` (``""`` when that variant is not available). URLs are signed already."""

    type: str = ""
    url: str = ""
    _repr_fields = ("type",)


VIDEO_QUALITIES = ("tiny", "lowest", "low", "medium", "high", "full_hd", "quad_hd", "ultra_hd")
"""Progressive (plain MP4) video variants, lowest first: 144p, 240p, 360p, 480p, 720p,
1080p, 1440p, 2160p. Other ``playerUrls`` types (``hls``, ``dash``, ``live_*``,
``ondemand_*``) are streaming manifests, never chosen for download."""

_QUALITY_RANK = {name: rank for rank, name in enumerate(VIDEO_QUALITIES)}
_QUALITY_CHOICES = {"highest": "ultra_hd", **{name: name for name in VIDEO_QUALITIES}}


def choose_player_url(player_urls: Sequence[PlayerUrl], quality: str = "highest") -> PlayerUrl | None:
    """The best progressive variant at or below ``quality``, or ``None`` if there is none.

    ``quality`` is ``"highest"`` (the best available) or a variant name of
    :data:`VIDEO_QUALITIES` (``"high"`` = 720p, ``"medium"`` = 480p, ``"low"`` = 360p,
    ``"lowest"`` = 240p, ``"tiny"`` = 144p, ``"full_hd"``, ...). When every available
    variant is above ``quality``, the smallest one is chosen. Empty URLs and streaming
    manifests are skipped. Raises :class:`ValueError` for an unknown ``quality``.
    """
    try:
        cap = _QUALITY_RANK[_QUALITY_CHOICES[quality]]
    except KeyError:
        raise ValueError(f"unknown video quality {quality!r}; use 'highest' or one of {VIDEO_QUALITIES}") from None
    available = [p for p in player_urls if p.url and p.type in _QUALITY_RANK]
    if not available:
        return None
    below = [p for p in available if _QUALITY_RANK[p.type] <= cap]
    if below:
        return max(below, key=lambda p: _QUALITY_RANK[p.type])
    return min(available, key=lambda p: _QUALITY_RANK[p.type])


@attrs.frozen(repr=False)
class _Video(Model):
    """Fields shared by Boosty-hosted and external video blocks."""

    id: str = ""
    vid: str = ""
    title: str = ""
    url: str = ""
    duration: int | None = None
    width: int | None = None
    height: int | None = None
    complete: bool | None = None
    status: str = ""
    upload_status: str = ""
    is_invalid: bool | None = None
    time_code: int | None = None
    views_counter: int | None = None
    show_views_counter: bool | None = None
    preview: str = ""
    preview_id: str = ""
    default_preview: str = ""
    failover_host: str = ""
    player_urls: list[PlayerUrl] = attrs.field(factory=list)
    _repr_fields = ("id", "title")


@attrs.frozen(repr=False)
class VideoBlock(_Video):
    """An external video link (``type: "video"``: YouTube, Vimeo, ...); ``url`` is the page."""

    type: str = "video"
    _repr_fields = ("url", "title")


@attrs.frozen(repr=False)
class OkVideoBlock(_Video):
    """A Boosty-hosted video (``type: "ok_video"``): ``duration`` in seconds, variants in
    ``player_urls`` (already signed); ``status`` ``ok``/``processing``/``fail``."""

    type: str = "ok_video"

    def best_url(self, quality: str = "highest") -> PlayerUrl | None:
        """The progressive variant :func:`choose_player_url` picks for ``quality``."""
        return choose_player_url(self.player_urls, quality)
