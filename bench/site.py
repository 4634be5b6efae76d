"""The archive site's cost: rendering post pages and the index (:mod:`boosty.download.site`).

The posts are the fake Boosty server's ``demo`` blog (260 posts with every block type),
read once over loopback; then, in memory and on a temporary disk (no fsync):

* ``page_ms``: milliseconds per post page (Markdown, templates, atomic write), median of
  the per-post times; target < 5.
* ``finish_first_ms``: milliseconds to write the index, assets and manifest for 260
  pages after a first run; target < 500.
* ``finish_again_ms``: the same for a run that changed nothing (the manifest read, every
  page's navigation checked, no page rewritten, the index written); target < 500.

Run: ``.venv/bin/python -m bench site``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def _posts() -> list[Any]:
    from boosty.testing import FakeBoosty

    with FakeBoosty() as fake, fake.client("owner") as client:
        return list(client.iter_posts("demo", limit=100))


def run() -> list[tuple[str, float, str]]:
    from boosty.download.site import PAGE, Site

    posts = _posts()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        site = Site(root, "demo", fsync=False)
        site.set_blog("Demo blog")
        times = []
        for post in posts:
            folder = root / f"post-{post.int_id}"
            folder.mkdir(parents=True)
            start = time.perf_counter()
            site.write_page(post, folder, {}, "v1")
            times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        site.finish()
        first = (time.perf_counter() - start) * 1000
        again = Site(root, "demo", fsync=False)
        start = time.perf_counter()
        again.finish()
        second = (time.perf_counter() - start) * 1000
        assert again.pages_relinked == 0 and len(list(root.glob(f"*/{PAGE}"))) == len(posts)
    return [
        ("page_ms", statistics.median(times), f"ms per page, median of {len(posts)}; target < 5"),
        ("finish_first_ms", first, f"ms, index + relinks for {len(posts)} posts; target < 500"),
        ("finish_again_ms", second, f"ms, unchanged run of {len(posts)} posts; target < 500"),
    ]
