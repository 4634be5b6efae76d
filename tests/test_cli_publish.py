"""``boosty publish`` in-process against the fake: front matter, local images, a downloaded post
edited and published again."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from boosty.cli.commands.publish import front_matter
from boosty.models import ImageBlock
from boosty.testing import FakeBoosty

from ._cli import Run, make_runner, one_line_error

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def runner(fake: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: str = "owner") -> Run:
    monkeypatch.setenv("BOOSTY_UPLOAD_BASE_URL", fake.upload_base_url)
    token = str(fake.issue_tokens(user)["access_token"])
    return make_runner(tmp_path, monkeypatch, "--base-url", fake.base_url, "--token", token)


def post_id(url: str) -> str:
    prefix = "https://boosty.to/demo/posts/"
    assert url.startswith(prefix), url
    return url.strip()[len(prefix) :]


def test_a_downloaded_post_edited_and_published_again(
    fake_boosty: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = runner(fake_boosty, tmp_path, monkeypatch)
    assert run("download", "demo", str(tmp_path / "archive"), "--limit", "2").exit_code == 0
    (md_file,) = [p for p in (tmp_path / "archive").rglob("post.md") if any(p.parent.glob("*.jpg"))]
    (picture,) = md_file.parent.glob("*.jpg")
    fields, _ = front_matter(md_file.read_text(encoding="utf-8"))
    original = fake_boosty.post("demo", fields["id"])
    text = md_file.read_text(encoding="utf-8").replace(f"title: {json.dumps(fields['title'])}", 'title: "Edited"')
    md_file.write_text(text.replace(f"# {fields['title']}\n", "# Edited\n") + "\nOne more *line*.\n", encoding="utf-8")

    result = run("publish", "demo", str(md_file))
    assert result.exit_code == 0, result.output
    new = fake_boosty.post("demo", post_id(result.stdout))
    assert new["title"] == "Edited" and [t["title"] for t in new["tags"]] == [t["title"] for t in original["tags"]]
    assert fake_boosty.posts("demo")[0]["id"] == new["id"]
    with fake_boosty.client("owner") as client:
        before, after = client.post("demo", original["id"]), client.post("demo", new["id"])
    images = [b for b in after.data if isinstance(b, ImageBlock)]
    assert len(images) == 1 and images[0].id not in {b.id for b in before.data if isinstance(b, ImageBlock)}
    upload = fake_boosty.world.uploads[images[0].id]
    assert upload["sha256"] == hashlib.sha256(picture.read_bytes()).hexdigest()
    shown = after.to_markdown(url_for=lambda m: "IMG" if m.kind == "image" else None)
    expected = before.to_markdown(url_for=lambda m: "IMG" if m.kind == "image" else None) + "\n\nOne more *line*."
    assert shown == expected


def test_options_override_the_front_matter_and_json_prints_the_post(
    fake_boosty: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = runner(fake_boosty, tmp_path, monkeypatch)
    level = min(lv.id for lv in fake_boosty.world.levels.values() if lv.blog_url == "demo" and lv.price > 0)
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.png").write_bytes(PNG)
    md = tmp_path / "post.md"
    md.write_text('---\ntitle: "From file"\ntags: ["x", "y"]\nprice: 5\n---\n\nHello ![](pics/a.png)\n', "utf-8")
    result = run("publish", "demo", str(md), "--title", "Given", "--tags", "a, b", "--level", str(level), "--json")
    assert result.exit_code == 0, result.output
    post = json.loads(result.stdout)
    assert post["title"] == "Given" and [t["title"] for t in post["tags"]] == ["a", "b"]
    assert post["price"] == 5 and post["subscriptionLevel"]["id"] == level
    assert [b["type"] for b in post["data"]] == ["text", "text", "image", "text"]
    draft = run("publish", "demo", str(md), "--draft", "--price", "7")
    assert draft.exit_code == 0 and draft.stdout == "draft saved: From file\n"
    assert fake_boosty.world.drafts["demo"]["price"] == 7 and fake_boosty.posts("demo")[0]["id"] == post["id"]


def test_title_from_the_first_heading(fake_boosty: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = runner(fake_boosty, tmp_path, monkeypatch)
    md = tmp_path / "post.md"
    md.write_text("# Heading title\n\n2 * 3 = **6**\n", "utf-8")
    result = run("publish", "demo", str(md))
    assert result.exit_code == 0, result.output
    with fake_boosty.client("owner") as client:
        post = client.post("demo", post_id(result.stdout))
    assert post.title == "Heading title" and post.to_markdown() == "2 \\* 3 = **6**"


@pytest.mark.parametrize(
    ("text", "options", "code", "message"),
    [
        ("no title here\n", [], 2, "needs a title"),
        ("# T\n\nx\n", ["--price", "-3"], 2, "price must be a number >= 0"),
        ('---\nprice: "free"\n---\n# T\n\nx\n', [], 2, "price must be a number >= 0"),
        ("# T\n\n![](missing.png)\n", [], 1, "no such image file"),
        ("# T\n\n", [], 2, "content: must not be empty"),
    ],
)
def test_bad_files_fail_with_one_line_and_send_nothing(
    fake_boosty: FakeBoosty,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    options: list[str],
    code: int,
    message: str,
) -> None:
    run = runner(fake_boosty, tmp_path, monkeypatch)
    md = tmp_path / "post.md"
    md.write_text(text, "utf-8")
    fake_boosty.clear_requests()
    result = run("publish", "demo", str(md), *options)
    assert result.exit_code == code and message in one_line_error(result)
    assert fake_boosty.requests == []


def test_someone_elses_blog_is_no_access(
    fake_boosty: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = runner(fake_boosty, tmp_path, monkeypatch, user="subscriber")
    md = tmp_path / "post.md"
    md.write_text("# T\n\nx\n", "utf-8")
    result = run("publish", "demo", str(md))
    assert result.exit_code == 6 and "blog 'demo'" in one_line_error(result)


def test_front_matter_parsing() -> None:
    fields, rest = front_matter('---\ntitle: "A: b"\ntags: ["x"]\nint_id: 5\nraw: plain text\n---\nBody\n')
    assert fields == {"title": "A: b", "tags": ["x"], "int_id": 5, "raw": "plain text"} and rest == "Body\n"
    assert front_matter("No front matter\n---\n") == ({}, "No front matter\n---\n")


def test_what_download_adds_around_the_body_is_not_published(
    fake_boosty: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = runner(fake_boosty, tmp_path, monkeypatch)
    md = tmp_path / "post.md"
    md.write_text(
        '---\ntitle: "Clip"\nid: "x"\nlink: "https://boosty.to/demo/posts/x"\naccess: false\n---\n\n# Clip\n\n'
        "*No access: only the teaser is shown.*\n\nWatch [it](https://youtu.be/abc)\n\n"
        "## External videos\n\n- <https://youtu.be/abc>\n",
        "utf-8",
    )
    result = run("publish", "demo", str(md))
    assert result.exit_code == 0, result.output
    with fake_boosty.client("owner") as client:
        post = client.post("demo", post_id(result.stdout))
    assert post.title == "Clip" and post.to_markdown() == "Watch [it](https://youtu.be/abc)"
