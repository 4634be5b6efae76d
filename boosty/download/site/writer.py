"""The static site of a blog's archive: ``index.html`` and a ``post.html`` per post.

Layout, inside ``dest/<blog>/``: ``index.html`` (the blog's title and avatar, the posts
newest first with date, title, teaser and thumbnail, a title filter), ``<post folder>/
post.html`` beside ``post.md`` and the post's media, and ``_site/`` with the stylesheet,
the filter script, the avatar and ``posts.json`` (what the index needs of every page, and
the navigation each page was written with). Every link to archived content is relative and
a Content-Security-Policy allows nothing but the page's own origin, so the site works from
``file://`` and from any static file server, and never loads from another host.

Incremental: a page is written when its post is (new or changed). At the end of a run the
index is written, and a page whose older/newer neighbours changed (a new post beside it) has
only its navigation replaced.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ... import Post, __version__
from ..plan import media_key
from ..render import post_date, post_link, write_atomic
from .html import blocks_to_parts, first_image

__all__ = ["ASSETS", "MANIFEST", "PAGE", "Site"]

PAGE = "post.html"
"""The file name of a post's page, in the post's folder."""
ASSETS = "_site"
"""The folder (in the blog's folder) of the stylesheet, script, avatar and manifest."""
MANIFEST = "posts.json"
"""The manifest's name in :data:`ASSETS`."""
_STATIC = ("style.css", "site.js")
_TEASER_CHARS = 240
_RELINK_THREADS = 8  # parallel page rewrites in finish()
_NAV = re.compile(r"<!-- boosty:nav -->.*?<!-- /boosty:nav -->", re.DOTALL)

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("boosty.download.site", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    auto_reload=False,  # the templates are package data: never re-read
)


def _short(text: str, limit: int = _TEASER_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _when(stamp: float | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc) if stamp is not None else None


def _key(post_id: str, entry: dict[str, Any]) -> tuple[float, int, str]:
    """Where an entry sorts: oldest first, by publish time, then number, then id."""
    return (entry.get("date") or 0.0, entry.get("int_id") or 0, post_id)


def _nav_html(older: dict[str, Any] | None, newer: dict[str, Any] | None) -> str:
    return _env.get_template("nav.html").render(older=older, newer=newer, page=PAGE).strip()


class Site:
    """The site of one blog's folder ``root`` (``dest/<blog>``); see the module doc.

    Thread-safe: pages may be written from several threads at once. Nothing is written
    until :meth:`write_page` or :meth:`finish`; they raise :class:`OSError` when the disk
    does, and :class:`ValueError` when ``_site/posts.json`` is not a manifest.
    """

    def __init__(self, root: Path, blog: str, *, quality: str = "highest", fsync: bool = True) -> None:
        self.root = root
        self.blog = blog
        self.quality = quality
        self.fsync = fsync
        self.pages_written = 0
        """Pages rendered (new or changed posts) by this object."""
        self.pages_relinked = 0
        """Pages whose navigation alone was rewritten by :meth:`finish`."""
        self.attempted: set[str] = set()
        """Ids of the posts whose page this object rendered or tried to."""
        self._lock = threading.Lock()
        self._data = self._load()
        self._sorted = sorted(_key(post_id, entry) for post_id, entry in self._data["posts"].items())

    # -- the manifest -----------------------------------------------------------------

    @property
    def _manifest(self) -> Path:
        return self.root / ASSETS / MANIFEST

    def _load(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] = json.loads(self._manifest.read_text("utf-8"))
        except FileNotFoundError:
            return {"version": 1, "blog": None, "posts": {}}
        except (OSError, ValueError) as exc:
            raise ValueError(f"cannot read the site manifest {str(self._manifest)!r}: {exc}") from exc
        posts = data.get("posts") if isinstance(data, dict) else None
        if not isinstance(posts, dict) or not all(isinstance(e, dict) and "folder" in e for e in posts.values()):
            raise ValueError(f"{str(self._manifest)!r} is not a site manifest")
        return data

    @property
    def blog_info(self) -> dict[str, str] | None:
        """``{"title": ..., "avatar": ...}`` once known (``avatar`` a name in ``_site``)."""
        info = self._data.get("blog")
        return info if isinstance(info, dict) else None

    def set_blog(self, title: str, avatar: str = "") -> None:
        """Remember the blog's title and its avatar's file name in ``_site`` (``""``: none)."""
        self._data["blog"] = {"title": title, "avatar": avatar}

    def entry(self, post_id: str) -> dict[str, Any] | None:
        """What the manifest holds of one post's page, or ``None``."""
        found = self._data["posts"].get(post_id)
        return found if isinstance(found, dict) else None

    def _order(self) -> list[dict[str, Any]]:
        """The entries, newest first."""
        posts = self._data["posts"]
        return [posts[post_id] for _, _, post_id in reversed(self._sorted)]

    def _neighbours(self, post_id: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """The (older, newer) entries beside ``post_id``'s."""
        posts = self._data["posts"]
        at = bisect.bisect_left(self._sorted, _key(post_id, posts[post_id]))
        older = posts[self._sorted[at - 1][2]] if at > 0 else None
        newer = posts[self._sorted[at + 1][2]] if at + 1 < len(self._sorted) else None
        return older, newer

    # -- pages ------------------------------------------------------------------------

    def write_page(self, post: Post, folder: Path, local: Mapping[str, str], fingerprint: str = "") -> None:
        """Write ``folder/post.html`` for ``post``.

        ``local`` maps media keys (:func:`boosty.download.plan.media_key`) to the names of
        downloaded files in ``folder``; other media become links. ``fingerprint`` is the
        post's version in the download state (a later run re-renders a page whose
        fingerprint differs). Raises :class:`OSError` if the page cannot be written.
        """

        def url_for(item: Any) -> str | None:
            name = local.get(media_key(item.id, item.url))
            return quote(name) if name else None

        blocks = post.data if post.has_access else post.teaser
        when = post_date(post)
        link = post_link(post, self.blog)
        parts = blocks_to_parts(blocks, url_for, quality=self.quality, post_link=link)
        kinds = [p.kind for p in parts if p.kind != "html"]
        entry = {
            "folder": folder.name,
            "int_id": post.int_id,
            "title": post.title,
            "date": when.timestamp() if when else None,
            "teaser": _short(post.text if post.has_access else post.teaser_text),
            "thumb": (first_image(blocks, url_for) or "") if post.has_access else "",
            "access": post.has_access,
            "kind": next((k for k in ("video", "external", "audio", "file") if k in kinds), "text"),
            "fingerprint": fingerprint,
        }
        with self._lock:
            self.attempted.add(post.id)
            posts = self._data["posts"]
            if post.id in posts:
                self._sorted.remove(_key(post.id, posts[post.id]))
            posts[post.id] = entry
            bisect.insort(self._sorted, _key(post.id, entry))
            nav = _nav_html(*self._neighbours(post.id))
            entry["nav"] = nav
        html = _env.get_template("post.html").render(
            title=post.title,
            date=when,
            tags=[t.title for t in post.tags],
            link=link,
            access=post.has_access,
            parts=parts,
            nav=Markup(nav),
            assets=f"../{ASSETS}",
            version=__version__,
        )
        try:
            write_atomic(folder / PAGE, html.encode("utf-8"), fsync=self.fsync)
        except BaseException:
            entry["fingerprint"] = ""  # not written: the next run renders it (from post.json)
            raise
        with self._lock:
            self.pages_written += 1

    def _title(self) -> str:
        info = self.blog_info
        return (info or {}).get("title") or self.blog

    def finish(self) -> None:
        """Relink pages whose neighbours changed, write the index, the assets and the
        manifest. Entries whose page is gone from disk are dropped. Raises
        :class:`OSError` if a file cannot be written."""
        posts = self._data["posts"]
        for post_id, entry in list(posts.items()):
            if not (self.root / str(entry.get("folder")) / PAGE).is_file():
                self._sorted.remove(_key(post_id, entry))
                del posts[post_id]
        order = self._order()
        relinks: list[tuple[Path, str]] = []
        for at, entry in enumerate(order):
            newer = order[at - 1] if at > 0 else None
            nav = _nav_html(order[at + 1] if at + 1 < len(order) else None, newer)
            if nav != entry.get("nav"):
                relinks.append((self.root / entry["folder"] / PAGE, nav))
                entry["nav"] = nav
        # Pages are written in the order posts finish, so most need their neighbours linked
        # now; the rewrites (each fsynced) go in parallel, which lets the file system batch
        # the flushes.
        if len(relinks) > 1:
            with ThreadPoolExecutor(_RELINK_THREADS, thread_name_prefix="boosty-relink") as pool:
                self.pages_relinked += sum(pool.map(lambda job: self._relink(*job), relinks))
        elif relinks:
            self.pages_relinked += self._relink(*relinks[0])
        assets = self.root / ASSETS
        for name in _STATIC:
            data = resources.files(__package__).joinpath("static").joinpath(name).read_bytes()
            target = assets / name
            if not target.is_file() or target.read_bytes() != data:
                write_atomic(target, data, fsync=self.fsync)
        info = self.blog_info or {}
        avatar = info.get("avatar") or ""
        entries = [{**e, "date": _when(e.get("date"))} for e in self._order()]
        html = _env.get_template("index.html").render(
            blog=self.blog,
            blog_title=self._title(),
            avatar=f"{ASSETS}/{quote(avatar)}" if avatar else "",
            link=f"https://boosty.to/{quote(self.blog)}",
            posts=entries,
            page=PAGE,
            assets=ASSETS,
            version=__version__,
            symbols={"video": "▶", "external": "▶", "audio": "♪", "file": "⇩"},
        )
        write_atomic(self.root / "index.html", html.encode("utf-8"), fsync=self.fsync)
        data = json.dumps(self._data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        write_atomic(self._manifest, data, fsync=self.fsync)

    def _relink(self, page: Path, nav: str) -> bool:
        """Put ``nav`` into ``page``; ``True`` if the page changed."""
        text = page.read_text("utf-8")
        new = _NAV.sub(lambda _: f"<!-- boosty:nav -->{nav}<!-- /boosty:nav -->", text, count=1)
        if new == text:
            return False
        write_atomic(page, new.encode("utf-8"), fsync=self.fsync)
        return True
