"""Safe names on disk: every name taken from API data is sanitised before it touches a path.

:func:`safe_name` turns an author's file name (or a blog slug) into one path component that
cannot climb out of its folder (no ``..``, no separators, no control characters), is legal
on Windows too (no ``<>:"|?*``, no reserved device names such as ``CON`` or ``LPT1``, no
trailing dot or space) and is at most :data:`MAX_NAME_BYTES` bytes of UTF-8 with its
extension kept. :func:`slug` makes the short title part of a post folder's name;
:class:`NameSet` de-duplicates names case-insensitively (``a.zip``, ``a (2).zip``, ...).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from .errors import DownloadError

__all__ = ["MAX_NAME_BYTES", "PART", "NameSet", "ensure_inside", "post_dir_name", "safe_name", "slug"]

MAX_NAME_BYTES = 180
"""Bytes of UTF-8 a sanitised name may take (leaves room for `` (NN)`` and ``.part``)."""
PART = ".part"
"""The suffix of a file being downloaded."""

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*]')
# Invisible characters that can make a name look like another: bidi controls (``\u202e``
# shows ``gpj.exe`` as ``exe.jpg``), zero-width spaces, the byte order mark.
_INVISIBLE = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_RESERVED = re.compile(r"^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w]+")


def _cap(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, never inside a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def safe_name(name: str, *, fallback: str = "file", max_bytes: int = MAX_NAME_BYTES) -> str:
    """One safe path component made from ``name`` (a file name from API data).

    The name is NFC-normalised. Separators, control characters and characters Windows
    forbids become ``_``; invisible bidi controls and zero-width spaces are dropped; leading
    dots and spaces are dropped (no ``..``, no hidden files); trailing dots and spaces are
    dropped; a Windows device name (``CON``, ``nul.txt``, ``COM1``, ``aux .log``) gets a ``_``
    prefix; the result is cut to ``max_bytes`` bytes of UTF-8 keeping the extension. An empty
    result becomes ``fallback``. Never raises.
    """
    text = unicodedata.normalize("NFC", str(name))
    text = _FORBIDDEN.sub("_", _INVISIBLE.sub("", text))
    text = _SPACES.sub(" ", text).strip(" ")
    text = text.lstrip(". ").rstrip(". ")
    if not text or set(text) <= {"_", "."}:
        text = fallback
    if _RESERVED.match(text.partition(".")[0].rstrip(" ")):
        text = "_" + text
    if len(text.encode("utf-8")) > max_bytes:
        stem, dot, ext = text.rpartition(".")
        if dot and stem and 0 < len(ext.encode("utf-8")) <= 16:
            text = _cap(stem, max_bytes - len(ext.encode("utf-8")) - 1).rstrip(". ") + "." + ext
        else:
            text = _cap(text, max_bytes).rstrip(". ")
    return text or fallback


def slug(title: str, *, max_chars: int = 60) -> str:
    """A short folder-friendly form of ``title``: word characters joined by ``-``, lower case.

    Letters of any script are kept (``"Привет, мир!"`` → ``"привет-мир"``); may be ``""``.
    """
    text = unicodedata.normalize("NFC", title).lower()
    text = _NOT_WORD.sub("-", text).strip("-_")
    text = text[:max_chars].rstrip("-_")
    return safe_name(text, fallback="") if text else ""


def post_dir_name(date: str, int_id: int, title: str) -> str:
    """``<YYYY-MM-DD>_<int_id>_<slug of title>`` (no slug part for an empty title)."""
    part = slug(title)
    return safe_name(f"{date}_{int_id}_{part}" if part else f"{date}_{int_id}")


def _key(name: str) -> str:
    """``name`` compared as file systems may: ignoring case and Unicode normalisation."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).casefold())


class NameSet:
    """Names taken in one folder; :meth:`claim` returns a free variant, ignoring case and
    Unicode normalisation (``é`` composed or not).

    ``claim("a.zip")`` gives ``a.zip``, then ``a (2).zip``, ``a (3).zip``...
    ``stem=True`` reserves a name whose extension is not known yet (an image named after its
    ``Content-Type``): it collides with every name of the same stem. A name also takes its
    ``.part`` companion (the temporary file it is downloaded to): after ``a.zip``, a file
    named ``a.zip.part`` becomes ``a.zip (2).part``.
    """

    def __init__(self, taken: tuple[str, ...] = ()) -> None:
        self._names: set[str] = set()  # full names and their .part companions, keyed
        self._name_stems: set[str] = set()  # stems of the full names
        self._stems: set[str] = set()  # stem reservations
        for name in taken:
            self._add(name, stem=False)

    def _add(self, name: str, *, stem: bool) -> None:
        key = _key(name)
        self._names.add(key + PART)
        if stem:
            self._stems.add(key)
        else:
            self._names.add(key)
            self._name_stems.add(os.path.splitext(key)[0])

    def _free(self, name: str, *, stem: bool) -> bool:
        key = _key(name)
        if key + PART in self._names:
            return False
        if stem:
            return key not in self._stems and key not in self._name_stems
        return key not in self._names and os.path.splitext(key)[0] not in self._stems

    def claim(self, name: str, *, stem: bool = False) -> str:
        """Reserve ``name`` (already sanitised) or the first free ``name (N)`` variant."""
        base, ext = (name, "") if stem else os.path.splitext(name)
        candidate, n = name, 1
        while not self._free(candidate, stem=stem):
            n += 1
            candidate = _cap(base, MAX_NAME_BYTES - len(ext.encode()) - 8) + f" ({n})" + ext
        self._add(candidate, stem=stem)
        return candidate


def ensure_inside(root: Path, path: Path, *, resolved_root: str | None = None) -> Path:
    """``path`` if it lies inside ``root`` (both resolved, symbolic links followed), else
    :class:`~boosty.download.DownloadError`. ``resolved_root`` is ``os.path.realpath(root)``
    when the caller already has it (a run resolves its destination once)."""
    real_root = Path(resolved_root if resolved_root is not None else os.path.realpath(root))
    real = Path(os.path.realpath(path))
    if real != real_root and real_root not in real.parents:
        raise DownloadError(f"refusing to write outside {str(real_root)!r}: {str(path)!r} leads to {str(real)!r}")
    return path
