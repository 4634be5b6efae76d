"""A browsable archive: a static HTML site beside the downloaded posts.

:class:`Site` writes ``dest/<blog>/index.html`` and a ``post.html`` in every post folder
(Jinja2 templates and markdown-it-py; see :mod:`boosty.download.site.writer` for the
layout and :mod:`boosty.download.site.html` for what is escaped and filtered). The
downloader writes it unless told not to (``html=False``, ``boosty download --no-html``).
"""

from __future__ import annotations

from .writer import ASSETS, MANIFEST, PAGE, Site

__all__ = ["ASSETS", "MANIFEST", "PAGE", "Site"]
