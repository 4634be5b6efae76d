"""Paging: :class:`Page`, the API's paging schemes, list endpoints and their ``iter_`` shortcuts.

One name for each part, each in its own module:

* :mod:`.page` — :class:`Page`;
* :mod:`.schemes` — :class:`Scheme` and :data:`CURSOR`, :data:`COMMENTS`, :data:`INDEX`,
  :data:`TOTAL`;
* :mod:`.page_parser` — :class:`PageParser` (one bad item never fails a page);
* :mod:`.walk` — the walk (a flow) behind ``next``, ``all_pages``, ``all_items`` and the
  ``iter_`` shortcuts;
* :mod:`.listing` — :func:`list_endpoint` and ``iter_x = x.iterator()``.
"""

from __future__ import annotations

from .listing import BoundIter, IterEndpoint, ListEndpoint, list_endpoint
from .page import Page
from .page_parser import PageParser, paged
from .schemes import COMMENTS, CURSOR, INDEX, TOTAL, CommentScheme, CursorScheme, IndexScheme, Scheme, TotalScheme
from .walk import PagingAPI

__all__ = [
    "COMMENTS",
    "CURSOR",
    "INDEX",
    "TOTAL",
    "BoundIter",
    "CommentScheme",
    "CursorScheme",
    "IndexScheme",
    "IterEndpoint",
    "ListEndpoint",
    "Page",
    "PageParser",
    "PagingAPI",
    "Scheme",
    "TotalScheme",
    "list_endpoint",
    "paged",
]
