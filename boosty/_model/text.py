"""Text styles and the text-like blocks: ``text``, ``header`` and ``link``.

These blocks carry their text as a JSON array inside a string
(``'["Hello", "unstyled", [[0, 0, 5]]]'``): :attr:`TextBlock.text`, :attr:`TextBlock.style`
and :attr:`TextBlock.ranges` decode it on access. A text block whose ``modificator`` is
``"BLOCK_END"`` ends a paragraph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import attrs

from .converter import Model

__all__ = [
    "BLOCK_END",
    "BOLD",
    "ITALIC",
    "UNDERLINE",
    "HeaderBlock",
    "LinkBlock",
    "StyleRange",
    "TextBlock",
    "decode_content",
    "encode_content",
]

BOLD = 0
"""Style id of a bold range."""
ITALIC = 2
"""Style id of an italic range."""
UNDERLINE = 4
"""Style id of an underlined range."""

BLOCK_END = "BLOCK_END"


# -- text --------------------------------------------------------------------------


@attrs.frozen
class StyleRange:
    """One style range of a text block: ``style`` id (:data:`BOLD`, :data:`ITALIC`,
    :data:`UNDERLINE`, or an id the library does not know) applied from ``start`` for
    ``length`` characters.

    Units are UTF-16 code units (as the web editor counts), offsets are relative to the
    start of the paragraph. The third number of the API's ``[style, start, n]`` triple is
    read as a *length* (as the web client and two other sources do; one source reads it as
    an end index — for ranges starting at 0 both agree).
    """

    style: int
    start: int
    length: int

    @property
    def end(self) -> int:
        """``start + length``."""
        return self.start + self.length


def decode_content(content: str) -> tuple[str, str, list[StyleRange]]:
    """Decode a JSON-in-string ``content``: ``(text, block_style, ranges)``.

    Never raises: an empty string is ``("", "unstyled", [])``; content that is not the
    expected JSON array is taken as plain text; malformed ranges are dropped.
    """
    if not content:
        return "", "unstyled", []
    try:
        decoded = json.loads(content)
    except ValueError:
        return content, "unstyled", []
    if not isinstance(decoded, list):
        return (decoded if isinstance(decoded, str) else content), "unstyled", []
    text = decoded[0] if decoded and isinstance(decoded[0], str) else ""
    style = decoded[1] if len(decoded) > 1 and isinstance(decoded[1], str) else "unstyled"
    ranges: list[StyleRange] = []
    raw_ranges = decoded[2] if len(decoded) > 2 and isinstance(decoded[2], list) else []
    for item in raw_ranges:
        if not isinstance(item, list) or len(item) < 3:
            continue
        sid, start, length = item[0], item[1], item[2]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (sid, start, length)):
            continue  # e.g. [null, 64, 0] seen in comments
        if start < 0 or length <= 0:
            continue
        ranges.append(StyleRange(sid, start, length))
    return text, style, ranges


def encode_content(text: str, style: str = "unstyled", ranges: Iterable[StyleRange] = ()) -> str:
    """The JSON-in-string ``content`` for ``text`` (the inverse of :func:`decode_content`)."""
    return json.dumps([text, style, [[r.style, r.start, r.length] for r in ranges]], ensure_ascii=False)


class _Text(Model):
    """Shared decoding of JSON-in-string ``content``."""

    __slots__ = ()
    content: str

    @property
    def text(self) -> str:
        """The visible text (may contain ``\\n``)."""
        return decode_content(self.content)[0]

    @property
    def style(self) -> str:
        """The block style: ``"unstyled"`` or ``"header-one"`` … ``"header-six"``."""
        return decode_content(self.content)[1]

    @property
    def ranges(self) -> list[StyleRange]:
        """The style ranges (bold, italic, underline, ...), paragraph-relative."""
        return decode_content(self.content)[2]


@attrs.frozen(repr=False)
class TextBlock(_Text):
    """A run of text (``type: "text"``); ``modificator == "BLOCK_END"`` ends a paragraph."""

    type: str = "text"
    content: str = ""
    modificator: str = ""
    _repr_fields = ("text", "modificator")

    @property
    def is_block_end(self) -> bool:
        """``True`` for the empty block that ends a paragraph."""
        return self.modificator == BLOCK_END

    @classmethod
    def of(cls, text: str, ranges: Iterable[StyleRange] = (), style: str = "unstyled") -> TextBlock:
        """A text block showing ``text`` (for writing posts, comments and messages)."""
        return cls(content=encode_content(text, style, ranges))

    @classmethod
    def end(cls) -> TextBlock:
        """The ``BLOCK_END`` block that closes a paragraph."""
        return cls(content="", modificator=BLOCK_END)


_HEADER_LEVELS = {"header-one": 1, "header-two": 2, "header-three": 3, "header-four": 4, "header-five": 5}
_HEADER_LEVELS["header-six"] = 6


@attrs.frozen(repr=False)
class HeaderBlock(_Text):
    """A heading (``type: "header"``); :attr:`level` 1-6 from the style ``header-one`` …"""

    type: str = "header"
    content: str = ""
    modificator: str = ""
    _repr_fields = ("text",)

    @property
    def level(self) -> int:
        """Heading level 1-6 (2 when the style names none)."""
        return _HEADER_LEVELS.get(self.style, 2)


@attrs.frozen(repr=False)
class LinkBlock(_Text):
    """A hyperlink (``type: "link"``): :attr:`text` shown, ``url`` the target."""

    type: str = "link"
    content: str = ""
    url: str = ""
    explicit: bool = False
    modificator: str = ""
    _repr_fields = ("url",)

    @classmethod
    def of(cls, url: str, text: str | None = None) -> LinkBlock:
        """A link block to ``url`` showing ``text`` (default: the URL)."""
        return cls(content=encode_content(url if text is None else text), url=url)
