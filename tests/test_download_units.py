"""boosty.download pieces: name sanitising, the state file, options, credentials on media requests."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from boosty import AsyncBoosty, AsyncSender, Boosty, BoostyError
from boosty.download import AsyncDownloader, Downloader, DownloadError, DownloadOptionError
from boosty.download.paths import MAX_NAME_BYTES, NameSet, post_dir_name, safe_name, slug
from boosty.download.state import State

from .conftest import API

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "_.._etc_passwd"),
        ("..", "file"),
        ("...", "file"),
        ("", "file"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("LPT9", "_LPT9"),
        ("COM¹.log", "_COM¹.log"),
        ("consent.txt", "consent.txt"),
        ("a\x00b\x1fc\x7f.zip", "a_b_c_.zip"),
        ('what?<>:"|*.mp3', "what_______.mp3"),
        ("trailing dots. . .", "trailing dots"),
        ("  .hidden  ", "hidden"),
        ("C:\\Windows\\win.ini", "C__Windows_win.ini"),
        ("Привет мир.pdf", "Привет мир.pdf"),
        ("\u202egpj.exe", "gpj.exe"),  # a right-to-left override would show "exe.jpg"
        ("a\u200bb\u2066.txt", "ab.txt"),
        ("\ufeff.bashrc", "bashrc"),
        ("\u200b", "file"),
        ("CON .txt", "_CON .txt"),
        ("aux . .", "_aux"),
    ],
)
def test_safe_name(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


def test_safe_name_caps_length_and_keeps_the_extension() -> None:
    name = safe_name("я" * 300 + ".tar")
    assert len(name.encode()) <= MAX_NAME_BYTES and name.endswith(".tar")
    assert len(safe_name("x" * 1000).encode()) <= MAX_NAME_BYTES


def test_slug_and_post_dir_name() -> None:
    assert slug("Привет, мир! Hello/World") == "привет-мир-hello-world"
    assert slug("../..") == ""
    assert post_dir_name("2024-01-02", 77, "../../Hostile <title>") == "2024-01-02_77_hostile-title"
    assert post_dir_name("2024-01-02", 77, "") == "2024-01-02_77"


def test_name_set_deduplicates_case_insensitively() -> None:
    names = NameSet(("post.md",))
    assert names.claim("a.zip") == "a.zip"
    assert names.claim("A.ZIP") == "A (2).ZIP"
    assert names.claim("a.zip") == "a (3).zip"
    assert names.claim("post.md") == "post (2).md"
    assert names.claim("picture", stem=True) == "picture"
    assert names.claim("picture.png") == "picture (2).png"  # the stem is taken
    assert names.claim("a", stem=True) == "a (4)"  # a.zip, A (2).ZIP, a (3).zip hold those stems


def test_name_set_keeps_the_part_files_apart() -> None:
    names = NameSet()
    assert names.claim("a.zip") == "a.zip"
    assert names.claim("a.zip.part") == "a.zip (2).part"  # a.zip downloads to a.zip.part
    assert names.claim("a.zip", stem=True) == "a.zip (3)"  # a.zip.part is taken, "a.zip (2)" a stem
    assert names.claim("b", stem=True) == "b"
    assert names.claim("B.part") == "B (2).part"


def test_name_set_ignores_unicode_normalisation() -> None:
    decomposed = unicodedata.normalize("NFD", "Café.txt")  # as macOS lists names
    names = NameSet((decomposed,))
    assert names.claim(unicodedata.normalize("NFC", "CAFÉ.TXT")) == "CAFÉ (2).TXT"
    assert names.claim("straße.md") == "straße.md"
    assert names.claim("STRASSE.md") == "STRASSE (2).md"


def test_state_is_locked_and_remembers(tmp_path: Path) -> None:
    with State(tmp_path) as state:
        with pytest.raises(DownloadError, match="another download"):
            State(tmp_path)
        assert state.frontier("b") is None
        state.set_frontier("b", 100.0)
        state.set_frontier("b", 50.0)  # never moves back
    with State(tmp_path) as state:
        assert state.frontier("b") == 100.0


def test_state_file_that_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / ".boosty-state.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(DownloadError, match="state file"):
        State(tmp_path)
    State(tmp_path / "other").close()  # the lock was released


@pytest.mark.parametrize(
    "options",
    [
        {"only": {"pictures"}},
        {"only": set()},
        {"quality": "8k"},
        {"jobs": 0},
        {"limit": 0},
        {"page_size": 101},
        {"since": "2024-01-01"},
        {"since": __import__("datetime").date(2024, 2, 1), "until": __import__("datetime").date(2024, 1, 1)},
    ],
)
def test_bad_options(tmp_path: Path, options: dict[str, Any]) -> None:
    with Boosty() as client, pytest.raises(DownloadOptionError) as info:
        Downloader(client, tmp_path, **options)
    assert isinstance(info.value, BoostyError) and isinstance(info.value, ValueError)


async def test_sync_downloader_refuses_an_async_client(tmp_path: Path) -> None:
    async with Boosty(sender=AsyncSender()) as client:
        with pytest.raises(TypeError):
            Downloader(client, tmp_path)  # type: ignore[arg-type]


def _post(media_url: str) -> dict[str, Any]:
    return {
        "id": "p-1",
        "intId": 1,
        "title": "Same origin",
        "publishTime": 1_700_000_000,
        "updatedAt": 1_700_000_000,
        "hasAccess": True,
        "signedQuery": "?sig=abc",
        "user": {"id": 1, "blogUrl": "blog"},
        "data": [
            {"type": "image", "id": "img-1", "url": media_url, "size": 4},
            {"type": "file", "id": "f-1", "url": media_url + "-file", "title": "doc.pdf", "size": 3},
        ],
    }


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_media_on_the_api_origin_carry_no_credentials(tmp_path: Path, mode: str) -> None:
    media = f"{API}/media/img-1"
    with respx.mock(assert_all_called=True) as mock:
        api = mock.get(f"{API}/v1/blog/blog/post/").respond(
            json={"data": [_post(media)], "extra": {"isLast": True, "offset": ""}}
        )
        image = mock.get(media).respond(content=b"\x89PNG", headers={"Content-Type": "image/png"})
        file = mock.get(media + "-file").respond(content=b"PDF", headers={"Content-Type": "application/pdf"})
        cookies = {"session": "c00kie"}
        if mode == "async":
            async with AsyncBoosty("t0ken", cookies=cookies) as aclient:
                report = await AsyncDownloader(aclient, tmp_path, fsync=False, html=False).run("blog")
        else:
            with Boosty("t0ken", cookies=cookies) as client:
                report = Downloader(client, tmp_path, fsync=False, html=False).run("blog")
    assert report.files_downloaded == 2 and report.ok
    assert api.calls[0].request.headers["authorization"] == "Bearer t0ken"
    assert "c00kie" in api.calls[0].request.headers["cookie"]
    for route in (image, file):
        sent = route.calls[0].request
        assert "authorization" not in sent.headers and "cookie" not in sent.headers
        assert sent.url.query == b"sig=abc"  # the signed query is appended
    (folder,) = (tmp_path / "blog").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["doc.pdf", "image-01.png", "post.json", "post.md"]
    assert "](image-01.png)" in (folder / "post.md").read_text()
    assert json.loads((folder / "post.json").read_text())["int_id"] == 1


async def test_unknown_blog_raises(tmp_path: Path) -> None:
    with respx.mock() as mock:
        mock.get(f"{API}/v1/blog/nope/post/").respond(404, json={"error": "not_found"})
        async with AsyncBoosty() as client:
            with pytest.raises(BoostyError) as info:
                await AsyncDownloader(client, tmp_path).run("nope")
    assert info.value.__class__.__name__ == "NotFound"
    with State(tmp_path):  # the run released the folder
        pass


def test_httpx_is_not_imported_by_the_downloader() -> None:
    import boosty.download.engine as engine

    assert "httpx" not in vars(engine) and httpx  # only the concrete sender talks httpx
