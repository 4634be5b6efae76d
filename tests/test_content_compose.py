"""``boosty.Content``: literal text, blocks, Markdown with style ranges, and what writes accept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from boosty import Post
from boosty._model.compose import BLOCK_END, LOCAL_PATH, Content, content_blocks, content_json
from boosty._model.converter import structure
from boosty._model.markdown import blocks_to_markdown
from boosty.models import ImageBlock, TextBlock

END = dict(BLOCK_END)


def decoded(block: Any) -> list[Any]:
    result: list[Any] = json.loads(block["content"])
    return result


def markdown(content: Content) -> str:
    return structure({"id": "p", "intId": 1, "data": content.to_blocks()}, Post).to_markdown()


def test_plain_str_is_one_literal_paragraph() -> None:
    assert content_blocks("2 * 3") == [
        {"type": "text", "content": '["2 * 3", "unstyled", []]', "modificator": ""},
        END,
    ]
    assert json.loads(content_json("a\n**b**")) == [
        {"type": "text", "content": '["a\\n**b**", "unstyled", []]', "modificator": ""},
        END,
    ]
    assert Content.text("2 * 3") == content_blocks("2 * 3")


@pytest.mark.parametrize("empty", ["", "  \n", [], [END], Content(), Content.text(" ")])
def test_empty_content_is_refused(empty: Any) -> None:
    with pytest.raises(ValueError, match="content: must not be empty"):
        content_blocks(empty)


@pytest.mark.parametrize("bad", [b"bytes", 42, None, [1, 2], [{"content": "no type"}]])
def test_other_input_is_a_type_error(bad: Any) -> None:
    with pytest.raises(TypeError, match="content"):
        content_blocks(bad)


def test_content_is_an_immutable_sequence_that_concatenates() -> None:
    body = Content.from_markdown("Hello")
    extra = {"type": "image", "id": "img-1"}
    assert [*body, extra][-1] == extra and len([*body, extra]) == 3
    joined = body + [extra]  # noqa: RUF005  (the operator is what is tested)
    assert isinstance(joined, Content) and joined[-1] == extra and len(body) == 2
    prefixed = [extra] + body  # noqa: RUF005
    assert isinstance(prefixed, Content) and prefixed[0] == extra
    assert isinstance(body[:1], Content) and body[:1] == [body[0]]
    with pytest.raises(TypeError):
        body[0]["type"] = "header"  # type: ignore[misc,index,unused-ignore]
    with pytest.raises(TypeError):
        Content("text")
    copy = body.to_blocks()
    copy[0]["type"] = "header"
    assert body[0]["type"] == "text"
    assert hash(body) == hash(Content.from_markdown("Hello")) and body != Content.text("Bye")
    assert "text" in repr(body)


def test_block_models_are_accepted_in_the_api_shape() -> None:
    image = structure({"type": "image", "id": "i1", "url": "https://images.boosty.to/image/i1"}, ImageBlock)
    blocks = content_blocks([TextBlock.of("Look"), TextBlock.end(), image])
    assert blocks[0] == {"type": "text", "content": '["Look", "unstyled", []]', "modificator": ""}
    assert blocks[2]["type"] == "image" and blocks[2]["id"] == "i1" and blocks[-1] == END


def test_markdown_styles_are_paragraph_relative_utf16_ranges() -> None:
    body = Content.from_markdown("😀 **bold** *it* <u>under</u> ~~gone~~ [a **b**](https://x.example/) end")
    text, link, tail, end = body
    assert decoded(text) == ["😀 bold it under gone ", "unstyled", [[0, 3, 4], [2, 8, 2], [4, 11, 5], [6, 17, 4]]]
    assert link["url"] == "https://x.example/" and link["type"] == "link"
    assert decoded(link) == ["a b", "unstyled", [[0, 24, 1]]]
    assert decoded(tail) == [" end", "unstyled", []] and end == END


def test_a_style_range_over_several_blocks_is_split_per_block() -> None:
    text, link, _ = Content.from_markdown("**x [y](https://y.example/)**")
    assert decoded(text) == ["x ", "unstyled", [[0, 0, 2]]]
    assert decoded(link) == ["y", "unstyled", [[0, 2, 1]]]


def test_markdown_blocks_headers_lists_code_and_images(tmp_path: Path) -> None:
    md = (
        "## Part *one*\n\nline one\nline two  \nthree\n\n- a\n  - nested\n- b\n\n1. first\n\n"
        "```\ncode * here\n```\n\n> quoted\n\n---\n\n![alt](pics/a.png) ![](https://img.example/b.png)"
    )
    blocks = Content.from_markdown(md, base_dir=tmp_path).to_blocks()
    header, _, para, _, bullets, numbers, code, _, quote, _, local, remote, end = blocks
    assert header["type"] == "header" and decoded(header) == ["Part one", "header-two", [[2, 5, 3]]]
    assert decoded(para)[0] == "line one\nline two\nthree"
    assert bullets["style"] == "unordered" and numbers["style"] == "ordered"
    assert [decoded(i["data"][0])[0] for i in bullets["items"]] == ["a", "b"]
    assert decoded(bullets["items"][0]["items"][0]["data"][0])[0] == "nested"
    assert decoded(code)[0] == "code * here" and decoded(quote)[0] == "quoted"
    assert local == {"type": "image", LOCAL_PATH: str(tmp_path / "pics" / "a.png")}
    assert remote == {"type": "image", "url": "https://img.example/b.png"} and end == END
    body = Content.from_markdown(md, base_dir=tmp_path)
    assert body.local_files == [tmp_path / "pics" / "a.png"]
    with pytest.raises(ValueError, match="must be uploaded first"):
        content_blocks(body)
    uploaded = body.with_uploads({tmp_path / "pics" / "a.png": {"type": "image", "id": "up-1"}})
    assert uploaded.local_files == [] and {"type": "image", "id": "up-1"} in content_blocks(uploaded)


def test_markdown_reads_back_as_the_same_markdown() -> None:
    md = (
        "# Title **b**\n\n2 \\* 3 is *six*, x\\_y **<u>z</u>**\n\n[link](https://a.example/)\n\n- one\n  - two\n- three"
    )
    body = Content.from_markdown(md)
    assert markdown(body) == md
    assert markdown(Content.from_markdown(markdown(body))) == md


def test_an_image_on_boosty_is_referenced_by_id() -> None:
    image, end = Content.from_markdown("![](https://images.boosty.to/image/abc-1?expires=1&sig=x)")
    assert image == {"type": "image", "id": "abc-1", "url": "https://images.boosty.to/image/abc-1"} and end == END


def test_a_paragraph_that_is_one_video_link_is_a_video_block() -> None:
    video, titled, para, link, end = Content.from_markdown(
        "<https://youtu.be/abc>\n\n[Clip *one*](https://www.youtube.com/watch?v=x)\n\nSee https://vimeo.com/1"
        " [here](https://vimeo.com/1)"
    )
    assert video == {"type": "video", "url": "https://youtu.be/abc"}
    assert titled == {"type": "video", "url": "https://www.youtube.com/watch?v=x", "title": "Clip one"}
    assert (para["type"], link["type"], end) == ("text", "link", END)


def test_from_markdown_needs_text() -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        Content.from_markdown(b"# x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text must be a str"):
        Content.text(3)  # type: ignore[arg-type]
    assert Content.from_markdown("") == [END]
    assert blocks_to_markdown([]) == ""


def test_inline_html_and_empty_links() -> None:
    text, link, end = Content.from_markdown("a<br>b <span>c</span></u> <U>d</U>[](https://e.example/)")
    assert decoded(text) == ["a\nb <span>c</span></u> d", "unstyled", [[4, 23, 1]]]
    assert decoded(link) == ["https://e.example/", "unstyled", []] and end == END
    (only,) = Content.from_markdown("<!-- a comment -->\n\n---")
    assert only == END  # an html block of nothing visible and a rule add nothing
