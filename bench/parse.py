"""Parsing speed: recorded post responses into models, against ``json.loads`` and pydantic v2.

Usage: ``.venv/bin/python -m bench parse`` (or ``.venv/bin/python -m bench.parse``).

The pydantic v2 models below mirror boosty's field for field: camelCase names (``int_id``
and ``intId`` both read), aware UTC ``datetime`` from unix seconds, ``Decimal`` prices,
the content-block union dispatched on ``type`` with a catch-all for unknown types, nested
embedded comments and donations as models, unknown keys ignored (boosty also reports them,
once per model and key). Neither side decodes the JSON-in-string text of text blocks while
parsing (boosty does it when ``.text`` is read). Models that no case contains (subscription
level, poll) are mirrored by their top-level fields only; absent keys cost the same.

Cases: ``posts_page`` and ``single_post`` (recorded responses) and ``page_50_rich_posts``
(50 copies of the single post with its blocks tripled, ~33 blocks each). Inputs are the
recorded JSON re-encoded compactly, as the API sends it (the published files are
pretty-printed). Figures are ratios measured in the same run, the contenders interleaved
round-robin and timed in process CPU time (other jobs on the machine then barely move them):

* ``vs_pydantic_dict``: boosty's page parser / ``structure`` against ``model_validate``,
  both from the decoded JSON: the model layer's own work. A post keeps its ``data`` and
  ``teaser`` blocks raw until first read (:class:`boosty.Post`), so this row skips the
  block structuring a caller that never reads the body does not need.
* ``vs_pydantic_dict_read``: the same, then every post's ``data`` and ``teaser`` read, so
  boosty structures every block too: strictly the work pydantic did. The headline (target
  <= 1.0): it holds whatever the caller reads.
* ``vs_pydantic``: from the response bytes, every block read: the client's decoder
  (``boosty._json.loads``: orjson where installed, extra ``[speed]``; the note names it)
  plus the parse, against ``model_validate_json`` (JSON parsed in Rust). The figure is
  the ratio of the two best rounds; the note adds the ratios round by round (the two timed
  back to back each round): median (min-max), how far one round can stray.
  ``vs_pydantic_stdlib_json``: the same with the standard library's decoder (what a client
  without orjson uses).
* ``vs_boosty_downloader``: the same from bytes, every block read, against the pydantic
  models of boosty-downloader 4.3.0 (``PostDTO``, ``Extra``: what a user would pick instead;
  they read fewer fields than ours, so this is a peer, not equal work). Skipped, with a
  note, where it is not installed: ``pip install --no-deps boosty-downloader==4.3.0`` (its
  models need pydantic only; its own dependencies are an application's).
* ``cattrs_vs_pydantic_dict_read`` / ``cattrs_fast_vs_pydantic_dict_read``: the headline
  ratio with :mod:`boosty._model._fastgen` switched off, each in a fresh interpreter: cattrs'
  generated functions with ``detailed_validation=True`` (what the converter falls back to),
  then with ``detailed_validation=False``. They say what the exec'd generator buys.
* ``vs_json_loads``: boosty from bytes against ``json.loads`` alone.
* ``boosty_us``: boosty from bytes, µs of CPU per parse.
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from typing import Any

from pydantic import create_model

from bench._pydantic_peer import PPage, PPost
from boosty import Post
from boosty import _json as decoding
from boosty._client.page import Page
from boosty._client.paging import CURSOR, PageParser
from boosty._model.converter import structure
from boosty.testing.replay import packaged_fixtures

FIXTURES = packaged_fixtures()
decode_json, loads_stdlib = decoding.loads, decoding.loads_stdlib
DECODER = "orjson" if decoding._orjson is not None else "stdlib json"
"""The decoder the client uses here (orjson where installed: extra ``[speed]``)."""

Row = tuple[str, float, str]


# -- cases -------------------------------------------------------------------------------------


def _compact(raw: bytes) -> bytes:
    return json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode()


def _posts(parsed: Any) -> list[Any]:
    """The posts of a parse result: a boosty ``Page``, a ``PPage``, or one post."""
    if isinstance(parsed, PPage):
        return list(parsed.data)
    if isinstance(parsed, (Post, PPost)):
        return [parsed]
    return list(parsed.items)


def _read_content(parsed: Any) -> Any:
    """Read every post's ``data`` and ``teaser`` (boosty structures them on first read).

    A boosty result is told by its exact class first: ``isinstance`` against a pydantic
    model class (an ``ABCMeta``) costs ~0.2 µs a check, harness work that is no parse's."""
    posts = parsed.items if parsed.__class__ is Page else [parsed] if parsed.__class__ is Post else _posts(parsed)
    for post in posts:
        post.data, post.teaser  # noqa: B018 - the read is the point
    return parsed


def _same(ours: Any, theirs: Any) -> None:
    """The two parses agree: same posts, times, prices, counters and block kinds (a guard
    that the pydantic models really do the same work)."""
    a, b = _posts(ours), _posts(theirs)
    assert len(a) == len(b), (len(a), len(b))
    for x, y in zip(a, b):
        assert (x.id, x.int_id, x.publish_time, x.price) == (y.id, y.int_id, y.publish_time, y.price)
        assert x.currency_prices == y.currency_prices and x.count.reactions == y.count.reactions
        kinds = [type(blk).__name__ for blk in y.data]
        assert ([blk.type for blk in x.data] == [blk.type for blk in y.data] and "PUnknown" in kinds) or not x.data


Case = tuple[str, bytes, Any, Any]


def _cases() -> list[Case]:
    page = _compact((FIXTURES / "posts_page.json").read_bytes())
    single = _compact((FIXTURES / "post_single_with_media.json").read_bytes())
    rich = json.loads(single)
    posts = []
    for i in range(50):
        post = copy.deepcopy(rich)
        post["id"], post["int_id"], post["intId"] = f"p{i}", i, i
        post["data"] = post["data"] * 3  # ~33 blocks a post
        posts.append(post)
    big = _compact(json.dumps({"data": posts, "extra": {"isLast": False, "offset": "1:1"}}).encode())
    parser = PageParser(Post, CURSOR)

    def page_from_dict(data: Any) -> Any:
        return parser.parse(data, None)

    def post_from_dict(data: Any) -> Any:
        return structure(data, Post)

    return [
        ("posts_page", page, page_from_dict, PPage),
        ("single_post", single, post_from_dict, PPost),
        ("page_50_rich_posts", big, page_from_dict, PPage),
    ]


def _timed(fns: list[Any], arg: Any, number: int, rounds: int = 11) -> list[list[float]]:
    """CPU time per call of each of ``fns`` in each round, measured interleaved (round-robin)
    so that a change on the machine hits every contender alike: ``[fn][round]``."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for k, fn in enumerate(fns):
            timer = timeit.Timer(lambda fn=fn: fn(arg), timer=time.process_time)
            times[k].append(timer.timeit(number=number) / number)
    return times


def _best(fns: list[Any], arg: Any, number: int, rounds: int = 11) -> list[float]:
    """Best CPU time per call of each of ``fns`` (:func:`_timed`'s rounds)."""
    return [min(times) for times in _timed(fns, arg, number, rounds)]


def _spread(ours: list[float], theirs: list[float]) -> str:
    """The round-by-round ratios of two contenders timed together: median (min-max)."""
    ratios = [a / b for a, b in zip(ours, theirs)]
    return f"{statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f})"


def _downloader_page() -> tuple[Any, Any] | None:
    """boosty-downloader's page and post models, or ``None`` where it is not installed."""
    models = "boosty_downloader.infrastructure.boosty_api.models.post"
    try:
        Extra = importlib.import_module(f"{models}.extra").Extra
        PostDTO = importlib.import_module(f"{models}.post").PostDTO
    except ImportError:
        return None

    page = create_model("DownloaderPage", data=(list[PostDTO], ...), extra=(Extra, ...))  # type: ignore[valid-type]
    return page, PostDTO


def _switch_off_fastgen(detailed: bool) -> None:
    """Structure with cattrs' own generated functions only (this process: call first)."""
    from boosty._model import blocks, converter

    def no_fast(tp: Any, probe: bool = False) -> None:
        return None

    vars(converter)["fast_for"] = no_fast
    vars(blocks)["fast_for"] = no_fast  # imported there by name
    converter.converter.detailed_validation = detailed


def _headline(variant: str) -> dict[str, float]:
    """``vs_pydantic_dict_read`` per case in a fresh interpreter running ``variant``."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run(
        [sys.executable, "-m", "bench.parse", "--variant", variant],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def _variant_main(variant: str) -> None:
    _switch_off_fastgen(detailed=variant == "cattrs")
    found = {}
    for name, raw, ours, model in _cases():
        data = json.loads(raw)
        _same(_read_content(ours(json.loads(raw))), model.model_validate(json.loads(raw)))

        def ours_read(d: Any, ours: Any = ours) -> Any:
            return _read_content(ours(d))

        number = max(3, int(4000 / max(1, len(raw) // 400)))
        t_read, t_pyd = _best([ours_read, model.model_validate], data, number)
        found[name] = t_read / t_pyd
    print(json.dumps(found))


def run() -> list[Row]:
    """Ratios per case (see the module docstring) and boosty's µs per parse."""
    rows: list[Row] = []
    peer = _downloader_page()
    for name, raw, ours, model in _cases():
        data = json.loads(raw)
        _same(_read_content(ours(json.loads(raw))), model.model_validate_json(raw))  # also warms up
        _same(_read_content(ours(json.loads(raw))), model.model_validate(json.loads(raw)))

        def ours_read(d: Any, ours: Any = ours) -> Any:
            return _read_content(ours(d))

        def ours_bytes(b: bytes, ours: Any = ours) -> Any:
            return _read_content(ours(decode_json(b)))

        def ours_bytes_stdlib(b: bytes, ours: Any = ours) -> Any:
            return _read_content(ours(loads_stdlib(b)))

        number = max(3, int(4000 / max(1, len(raw) // 400)))
        t_dict, t_read, t_pyd = _best([ours, ours_read, model.model_validate], data, number)
        bytes_rounds = _timed([ours_bytes, ours_bytes_stdlib, model.model_validate_json, json.loads], raw, number)
        t_bytes, t_stdlib, t_pyd_json, t_json = (min(times) for times in bytes_rounds)
        per_round = _spread(bytes_rounds[0], bytes_rounds[2])
        if peer is not None:
            peer_model = peer[0] if model is PPage else peer[1]
            t_ours, t_peer = _best([ours_bytes, peer_model.model_validate_json], raw, number)
            rows.append(
                (
                    f"{name}.vs_boosty_downloader",
                    t_ours / t_peer,
                    "boosty from bytes, blocks read / boosty-downloader 4.3.0's pydantic models",
                )
            )
        else:
            rows.append((f"{name}.vs_boosty_downloader", float("nan"), "not installed (see bench/parse.py)"))
        rows += [
            (f"{name}.vs_pydantic_dict", t_dict / t_pyd, "boosty / pydantic-v2, from decoded JSON"),
            (f"{name}.vs_pydantic_dict_read", t_read / t_pyd, "... and every block read; headline, target <= 1.0"),
            (
                f"{name}.vs_pydantic",
                t_bytes / t_pyd_json,
                f"boosty ({DECODER}, blocks read) / pydantic-v2, from bytes; round by round {per_round}",
            ),
            (
                f"{name}.vs_pydantic_stdlib_json",
                t_stdlib / t_pyd_json,
                "the same with the stdlib decoder (no orjson installed)",
            ),
            (f"{name}.vs_json_loads", t_bytes / t_json, "boosty from bytes / json.loads alone"),
            (f"{name}.boosty_us", t_bytes * 1e6, f"µs CPU per parse from bytes ({len(raw)} bytes, {DECODER})"),
        ]
        print(f"bench.parse {name}: done", file=sys.stderr)
    for variant, label in (("cattrs", "detailed_validation=True"), ("cattrs_fast", "detailed_validation=False")):
        for name, ratio in _headline(variant).items():
            note = f"vs_pydantic_dict_read without _fastgen: cattrs {label}"
            rows.append((f"{name}.{variant}_vs_pydantic_dict_read", ratio, note))
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--variant"]:
        _variant_main(sys.argv[2])
        raise SystemExit(0)
    for label, value, note in run():
        print(f"{label:<40} {value:>8.3f}  {note}")
