"""The browsable archive (boosty.download.site) against the fake Boosty server, sync and async."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from boosty import AsyncBoosty, Boosty
from boosty.download import DownloadError, DownloadReport
from boosty.testing import FakeBoosty, Fault
from boosty.testing import blocks as b

from . import test_download_mirror as downloads

owner = downloads.owner  # the fixture: the owner's client, sync and async
run_downloader = downloads.mirror

pytestmark = pytest.mark.anyio


async def mirror(client: Boosty | AsyncBoosty, dest: Path, blog: str = "demo", **options: Any) -> DownloadReport:
    """The downloader in the client's mode, writing the site unless ``html=False``."""
    options.setdefault("html", True)
    return await run_downloader(client, dest, blog, **options)


class Links(HTMLParser):
    """Every ``src`` and ``href`` of a page, with its tag."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.found.append((tag, name, value))


def links(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text("utf-8"))
    return parser


def post_folders(root: Path) -> list[Path]:
    return sorted((p for p in root.iterdir() if p.is_dir() and p.name != "_site"), reverse=True)


def pages(root: Path) -> dict[str, tuple[int, int]]:
    """Each post page's (inode, mtime_ns): an atomic rewrite changes the inode."""
    out = {}
    for folder in post_folders(root):
        st = (folder / "post.html").stat()
        out[folder.name] = (st.st_ino, st.st_mtime_ns)
    return out


def assert_local_only(page: Path) -> None:
    """Everything a page loads is a relative URL of an existing file; only ``<a>`` links
    may leave (to http(s) pages), never with a signed query."""
    for tag, _attr, value in links(page).found:
        parts = urlsplit(value)
        if tag == "a" and parts.scheme:
            assert parts.scheme in ("http", "https") and "sign" not in parts.query, value
            continue
        assert not parts.scheme and not parts.netloc and not value.startswith("/"), (tag, value)
        assert (page.parent / unquote(parts.path)).is_file(), (tag, value)


async def test_site_of_a_blog(fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path) -> None:
    report = await mirror(owner, tmp_path, limit=8)
    assert report.ok and report.posts_new == 8
    root = tmp_path / "demo"
    index = root / "index.html"
    text = index.read_text("utf-8")
    assert "<h1>Demo blog</h1>" in text  # the blog's title, fetched once
    assert (root / "_site" / "avatar.jpg").is_file() and 'src="_site/avatar.jpg"' in text
    folders = post_folders(root)
    assert len(folders) == 8
    hrefs = [v for tag, attr, v in links(index).found if tag == "a" and v.endswith("/post.html")]
    assert hrefs == [f"{f.name}/post.html" for f in folders]  # newest first
    thumbs = [v for tag, attr, v in links(index).found if tag == "img" and "avatar" not in v]
    assert thumbs and all(urlsplit(t).path.split("/")[0] in {f.name for f in folders} for t in thumbs)
    assert_local_only(index)
    tags: set[str] = set()
    for folder in folders:
        assert_local_only(folder / "post.html")
        tags.update(links(folder / "post.html").tags)
    assert {"img", "video", "audio"} <= tags  # pictures and players on the downloaded files
    devlog = next(f for f in folders if "devlog" in f.name)
    page = (devlog / "post.html").read_text("utf-8")
    assert '<audio controls preload="metadata" src="track-256.mp3">' in page
    assert 'href="attachment-256.zip" download' in page
    roadmap = (next(f for f in folders if "roadmap" in f.name) / "post.html").read_text("utf-8")
    assert '<video controls preload="metadata" src="clip-253.mp4">' in roadmap
    assert "<h2>Roadmap</h2>" in roadmap or "<h1>Roadmap</h1>" in roadmap  # headers rendered
    nav = [(t, v) for t, a, v in links(devlog / "post.html").found if t == "a" and v.startswith("../")]
    newer, older = folders[folders.index(devlog) - 1], folders[folders.index(devlog) + 1]
    assert ("a", f"../{older.name}/post.html") in nav and ("a", f"../{newer.name}/post.html") in nav


async def test_untrusted_text_stays_text(fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path) -> None:
    hostile = [
        *b.paragraph("<img src=x onerror=alert(1)> & <u>not a tag</u>"),
        b.link("javascript:alert(1)", "click me"),
        b.block_end(),
        b.header("<!-- /boosty:nav --><script>x()</script>"),
        b.link("https://example.com/a?b=1&c=2", "fine"),
        b.block_end(),
    ]
    fake_boosty.add_post("demo", title="<script>alert(1)</script>", blocks=hostile)
    report = await mirror(owner, tmp_path, limit=2)
    assert report.ok
    (folder, _) = post_folders(tmp_path / "demo")
    page = (folder / "post.html").read_text("utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<u>not a tag</u>" not in page
    assert not [v for t, a, v in links(folder / "post.html").found if "javascript" in v.lower()]  # not a link
    assert "click me" in page
    assert 'href="https://example.com/a?b=1&amp;c=2"' in page
    assert page.count("<!-- boosty:nav -->") == 1 and "<script>x()" not in page
    index = (tmp_path / "demo" / "index.html").read_text("utf-8")
    assert "<script>alert" not in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert [v for t, a, v in links(folder / "post.html").found if t == "script"] == ["../_site/site.js"]


async def test_an_attachment_named_like_the_page_keeps_both(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    block = {"type": "file", "id": "f-page", "title": "post.html", "size": 3000, "complete": True}
    fake_boosty.add_post("demo", title="Tricky", blocks=[block])
    report = await mirror(owner, tmp_path, limit=1)
    assert report.ok and report.files_downloaded == 1
    (folder,) = post_folders(tmp_path / "demo")
    assert sorted(p.name for p in folder.iterdir()) == ["post (2).html", "post.html", "post.json", "post.md"]
    assert fake_boosty.media_bytes("f-page") == (folder / "post (2).html").read_bytes()
    assert 'href="post%20%282%29.html" download>post.html</a>' in (folder / "post.html").read_text("utf-8")


async def test_incremental_runs_rewrite_only_what_changed(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    root = tmp_path / "demo"
    await mirror(owner, tmp_path, limit=6)
    before = pages(root)
    index = (root / "index.html").stat().st_ino
    again = await mirror(owner, tmp_path, limit=6)
    assert again.posts_skipped == 6 and again.api_requests == 1  # the blog profile is not fetched again
    assert pages(root) == before  # no page rewritten
    assert (root / "index.html").stat().st_ino != index  # the index is

    posts = fake_boosty.posts("demo")
    changed = next(p for p in posts[:6] if p["title"].startswith("Devlog"))
    fake_boosty.update_post("demo", changed["id"], blocks=b.paragraph("Rewritten body"))
    await mirror(owner, tmp_path, limit=6)
    after = pages(root)
    rewritten = {name for name in before if after[name] != before[name]}
    assert len(rewritten) == 1 and "devlog" in rewritten.pop()
    assert "Rewritten body" in (next(f for f in post_folders(root) if "devlog" in f.name) / "post.html").read_text()

    fake_boosty.add_post("demo", title="Brand new", text="Hello")
    before = after
    await mirror(owner, tmp_path, limit=7)
    after = pages(root)
    new = set(after) - set(before)
    assert len(new) == 1
    (newest,) = new
    relinked = {name for name in before if after[name] != before[name]}
    assert relinked == {post_folders(root)[1].name}  # the former newest now links to the new post
    page = (post_folders(root)[1] / "post.html").read_text("utf-8")
    assert f'href="../{newest}/post.html">Brand new →' in page


async def test_no_html(owner: Boosty | AsyncBoosty, tmp_path: Path) -> None:
    report = await mirror(owner, tmp_path, limit=3, html=False)
    assert report.ok and report.api_requests == 1
    root = tmp_path / "demo"
    assert not (root / "index.html").exists() and not (root / "_site").exists()
    assert not list(root.rglob("post.html"))


async def test_site_added_to_an_existing_archive(owner: Boosty | AsyncBoosty, tmp_path: Path) -> None:
    """A run with the site on, after runs without it, renders the pages from post.json."""
    await mirror(owner, tmp_path, limit=4, html=False)
    report = await mirror(owner, tmp_path, limit=4)
    assert report.files_downloaded == 0 and report.posts_skipped == 4
    root = tmp_path / "demo"
    folders = post_folders(root)
    assert all((f / "post.html").is_file() for f in folders)
    for folder in folders:
        assert_local_only(folder / "post.html")
    studio = next(f for f in folders if "studio" in f.name)
    assert '<img src="picture-258.jpg"' in (studio / "post.html").read_text("utf-8")
    (studio / "post.html").unlink()  # a page lost is written again on the next run
    await mirror(owner, tmp_path, limit=4)
    assert '<img src="picture-258.jpg"' in (studio / "post.html").read_text("utf-8")


async def test_a_page_that_could_not_be_written_is_written_next_run(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    root = tmp_path / "demo"
    await mirror(owner, tmp_path, limit=2, html=False)
    blocked = post_folders(root)[0]
    int_id = int(blocked.name.split("_")[1])
    (blocked / "post.html").mkdir()  # the page cannot replace a folder
    report = await mirror(owner, tmp_path, limit=2)  # pages of the archive made without them
    assert [(e.int_id, e.name) for e in report.errors] == [(int_id, "post.html")]
    assert [v for t, a, v in links(root / "index.html").found if v.endswith("/post.html")] == [
        f"{post_folders(root)[1].name}/post.html"  # the index lists the pages there are
    ]
    fake_boosty.update_post("demo", fake_boosty.posts("demo")[0]["id"], text="Changed")
    report = await mirror(owner, tmp_path, limit=2)  # a changed post: its page, once
    assert [(e.int_id, e.name) for e in report.errors] == [(int_id, None)]
    (blocked / "post.html").rmdir()
    report = await mirror(owner, tmp_path, limit=2)
    assert report.ok and report.posts_skipped == 2
    assert "Changed" in (blocked / "post.html").read_text("utf-8")
    assert len([v for t, a, v in links(root / "index.html").found if v.endswith("/post.html")]) == 2


async def test_posts_without_access_show_the_teaser(fake_boosty: FakeBoosty, mode: str, tmp_path: Path) -> None:
    async with fake_boosty.client("stranger", asynchronous=mode == "async") as client:
        report = await mirror(client, tmp_path, limit=8)
    assert report.posts_no_access > 0
    root = tmp_path / "demo"
    locked = [f for f in post_folders(root) if "No access" in (f / "post.html").read_text("utf-8")]
    assert len(locked) == report.posts_no_access
    for folder in locked:
        assert_local_only(folder / "post.html")
    assert (root / "index.html").read_text("utf-8").count('class="locked"') == len(locked)


async def test_blog_profile_and_avatar_failures_are_reported(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    fake_boosty.inject(Fault.status(500), path="/v1/blog/demo", count=1)
    report = await mirror(owner, tmp_path, limit=2)
    assert [e.message for e in report.errors if "blog profile" in e.message]
    index = (tmp_path / "demo" / "index.html").read_text("utf-8")
    assert "<h1>demo</h1>" in index and "avatar" not in index  # the slug stands in
    fake_boosty.inject(Fault.status(404), path="/user/*/avatar", count=1)
    report = await mirror(owner, tmp_path, limit=2)  # the profile is asked for again
    assert [e for e in report.errors if e.name == "avatar"]
    index = (tmp_path / "demo" / "index.html").read_text("utf-8")
    assert "<h1>Demo blog</h1>" in index and "avatar" not in index
    assert sorted(p.name for p in (tmp_path / "demo" / "_site").iterdir()) == ["posts.json", "site.js", "style.css"]


async def test_unreadable_manifest_is_an_error(owner: Boosty | AsyncBoosty, tmp_path: Path) -> None:
    site = tmp_path / "demo" / "_site"
    site.mkdir(parents=True)
    (site / "posts.json").write_text("{not json")
    with pytest.raises(DownloadError, match=r"posts\.json"):
        await mirror(owner, tmp_path, limit=1)
    (site / "posts.json").write_text(json.dumps([1, 2]))
    with pytest.raises(DownloadError, match="not a site manifest"):
        await mirror(owner, tmp_path, limit=1)


def test_templates_and_assets_ship_with_the_package() -> None:
    from importlib import resources

    site = resources.files("boosty.download.site")
    for name in ("base.html", "index.html", "post.html", "nav.html"):
        assert site.joinpath("templates").joinpath(name).is_file()
    for name in ("style.css", "site.js"):
        assert site.joinpath("static").joinpath(name).is_file()
    setup = (Path(__file__).parent.parent / "setup.cfg").read_text()
    assert "boosty.download.site = templates/*.html, static/*.css, static/*.js" in setup


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("a <u>b</u> <b>c</b>", "<p>a <u>b</u> &lt;b&gt;c&lt;/b&gt;</p>\n"),
        ("<div onclick=x()>\nhi\n</div>", "<p>&lt;div onclick=x()&gt;\nhi\n&lt;/div&gt;</p>\n"),
        (
            "![cat](https://cdn.example/a.png?sig=1)",
            '<p><a href="https://cdn.example/a.png" rel="noopener noreferrer">cat</a></p>\n',
        ),
        ("![](//cdn.example/a.png)", '<p><a href="//cdn.example/a.png" rel="noopener noreferrer">image</a></p>\n'),
        ("![cat](a%20b.png)", '<p><img src="a%20b.png" alt="cat"></p>\n'),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"),
        ("[x](local.zip)", '<p><a href="local.zip">x</a></p>\n'),
    ],
)
def test_markdown_to_html_filters_raw_html_and_remote_images(markdown: str, html: str) -> None:
    from boosty.download.site.html import markdown_to_html

    assert markdown_to_html(markdown) == html
