"""Content blocks: the tagged union, text decoding, Markdown, media and round trips."""

from __future__ import annotations

import json
from typing import Any

import pytest

from boosty import ParseWarning, UnknownFieldWarning, to_dict
from boosty._model.converter import structure
from boosty._model.media import append_signed_query
from boosty._model.video import choose_player_url
from boosty.models import (
    AudioBlock,
    Block,
    FileBlock,
    HeaderBlock,
    ImageBlock,
    LinkBlock,
    ListBlock,
    OkVideoBlock,
    PlayerUrl,
    SmileBlock,
    TextBlock,
    UnknownBlock,
    VideoBlock,
    blocks_to_markdown,
    blocks_to_media,
    blocks_to_text,
)

from ._data import fixture_json


def text(value: str, ranges: list[Any] | None = None, style: str = "unstyled") -> dict[str, Any]:
    return {"type": "text", "content": json.dumps([value, style, ranges or []]), "modificator": ""}


END = {"type": "text", "content": "", "modificator": "BLOCK_END"}


def blocks(*raw: dict[str, Any]) -> list[Block]:
    return structure(list(raw), list[Block])


def test_every_known_type_dispatches_to_its_class() -> None:
    data = fixture_json("post_single_with_media.json")["data"]
    parsed = structure(data, list[Block])
    kinds = [type(b) for b in parsed]
    assert kinds == [TextBlock] * 6 + [ImageBlock, FileBlock, OkVideoBlock, AudioBlock, UnknownBlock]
    unknown = parsed[-1]
    assert isinstance(unknown, UnknownBlock) and unknown.type == "hologram_message"
    assert unknown.raw == data[-1]
    more = blocks(
        {"type": "header", "content": '["Chapter", "header-three", []]', "modificator": ""},
        {"type": "link", "content": '["site", "unstyled", []]', "url": "https://e.example/", "explicit": False},
        {"type": "video", "url": "https://www.youtube.com/watch?v=x"},
        {
            "type": "smile",
            "id": "s1",
            "name": "Cat",
            "smallUrl": "u",
            "mediumUrl": "m",
            "largeUrl": "l",
            "isAnimated": False,
        },
        {"type": "list", "style": "ordered", "items": []},
    )
    assert [type(b) for b in more] == [HeaderBlock, LinkBlock, VideoBlock, SmileBlock, ListBlock]
    header = more[0]
    assert isinstance(header, HeaderBlock) and header.level == 3 and header.text == "Chapter"


def test_text_block_decodes_json_in_string() -> None:
    (block,) = blocks(text("Hello, world!", [[0, 0, 5], [2, 7, 5]]))
    assert isinstance(block, TextBlock)
    assert block.text == "Hello, world!" and block.style == "unstyled"
    assert [(r.style, r.start, r.length, r.end) for r in block.ranges] == [(0, 0, 5, 5), (2, 7, 5, 12)]
    assert not block.is_block_end
    (end,) = blocks(END)
    assert isinstance(end, TextBlock) and end.is_block_end and end.text == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", ""),
        ("not json at all", "not json at all"),
        ('"just a string"', "just a string"),
        ('["t", "unstyled", [[null, 64, 0], [0, -1, 2], [0, 0], "x", [true, 0, 1]]]', "t"),
        ("[]", ""),
    ],
)
def test_odd_text_content_never_fails(content: str, expected: str) -> None:
    (block,) = blocks({"type": "text", "content": content, "modificator": None})
    assert isinstance(block, TextBlock)
    assert block.text == expected and block.ranges == [] and block.modificator == ""


def test_plain_text_paragraphs_and_links() -> None:
    parsed = blocks(
        text("First line"),
        END,
        text(""),
        END,
        text("See "),
        {"type": "link", "content": '["the site", "unstyled", []]', "url": "https://e.example/"},
        text(" now"),
        END,
        {"type": "image", "url": "https://img.example/1"},
        {"type": "smile", "name": "Cat"},
        END,
    )
    assert blocks_to_text(parsed) == "First line\n\nSee the site now\n:Cat:"


def test_markdown_styles_length_semantics_and_utf16_offsets() -> None:
    # "Hello bold world 😀 x": the emoji takes two UTF-16 units; ranges are [style, start, length]
    parsed = blocks(text("Hello bold world \U0001f600 x end", [[0, 6, 4], [2, 6, 10], [4, 17, 4]]), END)
    assert blocks_to_markdown(parsed) == "Hello ***bold*** *world* <u>\U0001f600 x</u> end"


def test_markdown_ranges_out_of_range_are_clipped_and_unknown_ids_ignored() -> None:
    parsed = blocks(text("abc", [[0, 1, 500], [9, 0, 3], [2, 100, 5]]), END)
    assert blocks_to_markdown(parsed) == "a**bc**"
    assert blocks_to_text(parsed) == "abc"


def test_markdown_ranges_span_blocks_of_one_paragraph() -> None:
    # offsets count from the paragraph start, across the link block
    parsed = blocks(
        text("Go to "),
        {"type": "link", "content": '["docs", "unstyled", []]', "url": "https://d.example/x"},
        text(" today", [[0, 6, 4]]),
        END,
    )
    assert blocks_to_markdown(parsed) == "Go to [**docs**](https://d.example/x) today"


def test_markdown_escapes_and_structure() -> None:
    parsed = blocks(
        {"type": "header", "content": '["Title *1*", "header-two", []]', "modificator": ""},
        END,
        text("# not a heading, a_b [x] <y>\nsecond line"),
        END,
        {
            "type": "list",
            "style": "ordered",
            "items": [
                {"data": [text("first")], "items": []},
                {"data": [text("second", [[0, 0, 3]]), END], "items": [{"data": [text("nested")], "items": []}]},
            ],
        },
        {"type": "list", "items": [{"data": [text("dot")], "items": []}]},
    )
    assert blocks_to_markdown(parsed) == (
        "## Title \\*1\\*\n\n"
        "\\# not a heading, a\\_b \\[x\\] \\<y\\>  \nsecond line\n\n"
        "1. first\n2. **sec**ond\n   1. nested\n\n"
        "- dot"
    )
    assert blocks_to_text(parsed).splitlines() == [
        "Title *1*",
        "# not a heading, a_b [x] <y>",
        "second line",
        "1. first",
        "2. second",
        "   1. nested",
        "- dot",
    ]


def _link(label: str, url: str) -> dict[str, Any]:
    return {"type": "link", "content": json.dumps([label, "unstyled", []]), "url": url, "explicit": False}


def _header(value: str, style: str = "header-two") -> dict[str, Any]:
    return {"type": "header", "content": json.dumps([value, style, []]), "modificator": ""}


@pytest.mark.parametrize(
    ("raw", "html"),
    [
        # a list-looking line: the dot is escaped, not the digits (a backslash before a digit shows)
        ([text("1. First"), END], "<p>1. First</p>"),
        ([text("12) Twelve"), END], "<p>12) Twelve</p>"),
        # one style over two blocks of a paragraph: one run of markers ("**a****b**" never parses)
        ([text("bo", [[0, 0, 2]]), text("ld", [[0, 2, 2]]), END], "<p><strong>bold</strong></p>"),
        ([text("it", [[2, 0, 2]]), text("alic ", [[2, 2, 4]]), text("x"), END], "<p><em>italic</em> x</p>"),
        # emphasis over a blank line inside a block: closed before it, reopened after
        ([text("a\n\nb", [[0, 0, 4]]), END], "<p><strong>a</strong></p>\n<p><strong>b</strong></p>"),
        ([text("one\ntwo", [[2, 0, 7]]), END], "<p><em>one</em><br />\n<em>two</em></p>"),
        # a heading is one line, and a trailing "#" of its text stays text
        ([_header("Title\nsecond"), END], "<h2>Title second</h2>"),
        ([_header("Issue #"), END], "<h2>Issue #</h2>"),
        ([text("Level", style="header-three"), END], "<h3>Level</h3>"),
        # fences, entities, strikethrough marks and indentation are text
        ([text("~~~ not a fence"), END], "<p>~~~ not a fence</p>"),
        ([text("```"), END], "<p>```</p>"),
        ([text("x &copy; &#169; & y"), END], "<p>x &amp;copy; &amp;#169; &amp; y</p>"),
        ([text("    not code"), END], "<p>not code</p>"),
        ([text("a\n    b"), END], "<p>a<br />\nb</p>"),
        # "!" before a link would make it an image
        ([text("Wow!"), _link("site", "https://e.example/"), END], '<p>Wow!<a href="https://e.example/">site</a></p>'),
        # odd URLs stay one link target
        ([_link("p", "https://e.example/a (b)"), END], '<p><a href="https://e.example/a%20(b)">p</a></p>'),
        ([_link("q", "https://e.example/<x>"), END], '<p><a href="https://e.example/%3Cx%3E">q</a></p>'),
        # a link split into two blocks to one URL is one link
        (
            [_link("he", "https://e.example/"), _link("llo", "https://e.example/"), END],
            '<p><a href="https://e.example/">hello</a></p>',
        ),
        # UTF-16 offsets through Cyrillic and an astral emoji; ranges past the end clipped
        ([text("Привет \U0001f600 мир", [[0, 10, 3]]), END], "<p>Привет \U0001f600 <strong>мир</strong></p>"),
        ([text("Привет", [[2, 3, 99]]), END], "<p>При<em>вет</em></p>"),
        # overlapping ranges nest properly
        ([text("abc def ghi", [[0, 0, 7], [2, 4, 7]]), END], "<p><strong>abc <em>def</em></strong> <em>ghi</em></p>"),
        # text in a BLOCK_END (not expected) is kept, empty paragraphs vanish
        ([text("a"), {"type": "text", "content": '["b","unstyled",[]]', "modificator": "BLOCK_END"}], "<p>ab</p>"),
        ([text(""), END, END, text("x"), END, END], "<p>x</p>"),
    ],
)
def test_markdown_renders_tricky_text_as_written(raw: list[dict[str, Any]], html: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")  # CommonMark reference (comes with rich)
    rendered = markdown_it.MarkdownIt("commonmark").render(blocks_to_markdown(blocks(*raw))).strip()
    assert rendered == html


def test_markdown_media_links_are_signed_and_replaceable() -> None:
    parsed = structure(fixture_json("post_single_with_media.json")["data"], list[Block])
    md = blocks_to_markdown(parsed, signed_query="?sig=1", quality="low")
    assert md.split("\n\n") == [
        "Hello from the fixture post!",
        "![](https://images.example/image/10000000-0000-4000-8000-000000000201?sig=1)",
        "[fixture-archive.zip](https://cdn.example/file/10000000-0000-4000-8000-000000000301?sig=1)",
        "[Fixture video](https://video.example/low.mp4?fake-sig)",
        "[fixture-song.mp3](https://cdn.example/audio/10000000-0000-4000-8000-000000000500?sig=1)",
    ]
    local = blocks_to_markdown(parsed, url_for=lambda m: f"media/{m.filename}" if m.kind == "file" else None)
    assert "[fixture-archive.zip](media/fixture-archive.zip)" in local
    assert "![](https://images.example/image/10000000-0000-4000-8000-000000000201)" in local


@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        ("https://a.example/f", "?sig=1", "https://a.example/f?sig=1"),
        ("https://a.example/f?x=2", "?sig=1", "https://a.example/f?x=2&sig=1"),
        ("https://a.example/f?", "sig=1", "https://a.example/f?sig=1"),
        ("https://a.example/f", "", "https://a.example/f"),
        ("", "?sig=1", ""),
    ],
)
def test_signed_query_appended_with_the_right_separator(url: str, query: str, expected: str) -> None:
    assert append_signed_query(url, query) == expected


def _player(**urls: str) -> list[PlayerUrl]:
    return [PlayerUrl(type=k, url=v) for k, v in urls.items()]


@pytest.mark.parametrize(
    ("quality", "expected"),
    [
        ("highest", "medium"),
        ("high", "medium"),
        ("medium", "medium"),
        ("low", "low"),
        ("lowest", "lowest"),
        ("tiny", "tiny"),
        ("full_hd", "medium"),
    ],
)
def test_ok_video_quality_choice(quality: str, expected: str) -> None:
    # the fixture's video: low, medium, lowest, tiny progressive; hls and dash manifests
    video = structure(fixture_json("post_single_with_media.json")["data"][8], Block)
    assert isinstance(video, OkVideoBlock)
    chosen = video.best_url(quality)
    assert chosen is not None and chosen.type == expected
    assert chosen.url == f"https://video.example/{expected}.mp4?fake-sig"


def test_ok_video_choice_edges() -> None:
    assert choose_player_url(_player(hls="h", dash="d", full_hd=""), "highest") is None
    only_high = _player(full_hd="F", high="H")
    chosen = choose_player_url(only_high, "low")  # nothing at or below: the smallest above
    assert chosen is not None and chosen.type == "high"
    with pytest.raises(ValueError, match="quality"):
        choose_player_url(only_high, "8k")
    with pytest.raises(ValueError, match="quality"):
        blocks_to_media([], quality="best")


def test_media_items() -> None:
    parsed = structure(fixture_json("post_single_with_media.json")["data"], list[Block])
    media = blocks_to_media(parsed, "?fake-signed-query", quality="medium")
    assert [(m.kind, m.size, m.content_type) for m in media] == [
        ("image", 10941, None),
        ("file", 4444053, "application/zip"),
        ("video", None, "video/mp4"),
        ("audio", 24494, "audio/mpeg"),
    ]
    image, file, video, audio = media
    assert image.url.endswith("0201?fake-signed-query") and (image.width, image.height) == (1216, 208)
    assert image.filename == "10000000-0000-4000-8000-000000000201"
    assert file.filename == "fixture-archive.zip" and file.title == "fixture-archive.zip"
    assert video.url == "https://video.example/medium.mp4?fake-sig" and video.quality == "medium"
    assert (video.duration, video.filename) == (198, "Fixture video.mp4")
    assert audio.duration == 3 and audio.url.endswith("0500?fake-signed-query")


def test_media_complete_flag_external_video_and_lists() -> None:
    parsed = blocks(
        {"type": "file", "url": "https://f.example/1", "title": "a.pdf", "complete": False},
        {"type": "video", "url": "https://www.youtube.com/watch?v=x", "title": "YT"},
        {"type": "ok_video", "playerUrls": [{"type": "hls", "url": "https://v.example/m3u8"}]},
        {"type": "list", "items": [{"data": [{"type": "image", "url": "https://i.example/n"}], "items": []}]},
    )
    media = blocks_to_media(parsed, "?s")
    assert [(m.kind, m.complete, m.external) for m in media] == [
        ("file", False, False),
        ("video", True, True),
        ("image", True, False),
    ]
    assert media[1].url == "https://www.youtube.com/watch?v=x"  # third-party pages are never signed
    assert media[2].url == "https://i.example/n?s"


def test_malformed_known_block_is_kept_raw_with_a_warning() -> None:
    raw = {"type": "image", "url": ["not", "a", "string"]}
    with pytest.warns(ParseWarning, match=r"'image' block could not be read \(url"):
        (block,) = blocks(raw, text("still here"))[:1]
    assert isinstance(block, UnknownBlock) and block.type == "image" and block.raw == raw


def test_non_object_block_is_unknown() -> None:
    (block,) = blocks("just a string")  # type: ignore[arg-type]
    assert isinstance(block, UnknownBlock) and block.type == "" and block.raw == "just a string"


def test_unknown_field_in_a_block_warns_once_per_field() -> None:
    with pytest.warns(UnknownFieldWarning, match="SmileBlock got an unknown field 'sparkle'"):
        blocks({"type": "smile", "name": "a", "sparkle": 1}, {"type": "smile", "name": "b", "sparkle": 2})
    blocks({"type": "smile", "name": "c", "sparkle": 3})  # already reported: silent under -W error


def test_round_trip_including_unknown_blocks() -> None:
    data = fixture_json("post_single_with_media.json")["data"] + [
        {"type": "list", "style": "unordered", "items": [{"data": [text("x")], "items": []}]},
        {"type": "smile", "name": "Cat", "smallUrl": "s"},
    ]
    parsed = structure(data, list[Block])
    dumped = to_dict(parsed)
    assert dumped[-3] == {"type": "hologram_message", "id": "10000000-0000-4000-8000-000000000600", "complete": True}
    assert dumped[0] == {"type": "text", "content": data[0]["content"], "modificator": ""}
    assert structure(dumped, list[Block]) == parsed
    assert json.loads(json.dumps(dumped)) == dumped  # JSON-ready


def test_writer_helpers_round_trip() -> None:
    block = TextBlock.of("hi", [])
    assert block.text == "hi" and json.loads(block.content) == ["hi", "unstyled", []]
    assert TextBlock.end().is_block_end
    link = LinkBlock.of("https://x.example/")
    assert link.text == "https://x.example/" and link.url == "https://x.example/"
    assert blocks_to_text([block, TextBlock.end(), link]) == "hi\nhttps://x.example/"


def test_audio_type_from_file_type() -> None:
    (audio,) = blocks({"type": "audio_file", "url": "https://a.example/x", "title": "", "fileType": "WAV"})
    assert isinstance(audio, AudioBlock)
    (item,) = blocks_to_media([audio])
    assert item.content_type == "audio/wav" and item.filename.startswith("audio")


@pytest.mark.parametrize("closed", [True, False], ids=["header-with-block-end", "header-alone"])
def test_a_header_is_a_paragraph_of_its_own(closed: bool) -> None:
    raw = [_header("Update"), *([END] if closed else []), text("Post number 257", [[0, 0, 15]]), END, text("Tail"), END]
    parsed = blocks(*raw)
    assert blocks_to_markdown(parsed) == "## Update\n\n**Post number 257**\n\nTail"
    assert blocks_to_text(parsed) == "Update\nPost number 257\nTail"
