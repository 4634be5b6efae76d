"""The public surface: what the package root offers, what moved to ``boosty.models``, and the
deprecated names that still resolve (with a warning) for one release."""

from __future__ import annotations

import ast
import builtins
import warnings
from pathlib import Path

import httpx
import pytest
import respx

import boosty
import boosty.models
from boosty import AsyncBoosty, Boosty, RequestTimeout

from .conftest import API, resolve

# The budget is 70 names, with room kept for the names other work adds
# (Content, Settings, RedisTokenStorage, SenderConflictWarning).
TOP_LEVEL_BUDGET = 70


def test_the_package_root_stays_within_its_budget() -> None:
    assert len(boosty.__all__) == len(set(boosty.__all__))
    assert len(boosty.__all__) <= TOP_LEVEL_BUDGET


def test_every_listed_name_resolves_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a listed name must never take the deprecated path
        resolved = {name: getattr(boosty, name) for name in boosty.__all__}
    assert all(value is not None for value in resolved.values())
    assert set(boosty.__all__) <= set(vars(boosty))  # each stays in the namespace once loaded


@pytest.mark.parametrize("name", ["Sleep", "Close", "PostFrame", "blocks_to_markdown", "VIDEO_QUALITIES"])
def test_sender_steps_and_rare_models_are_not_top_level(name: str) -> None:
    assert name not in boosty.__all__


def test_every_model_is_in_boosty_models_and_root_models_are_the_same_objects() -> None:
    for name in boosty.models.__all__:  # each loads its module on first use, then stays
        assert getattr(boosty.models, name) is vars(boosty.models)[name] is not None, name
    shared = set(boosty.__all__) & set(boosty.models.__all__)
    assert {"Blog", "Post", "Comment", "User", "to_dict"} <= shared
    for name in shared:
        assert vars(boosty)[name] is vars(boosty.models)[name], name


def test_star_import_does_not_shadow_the_builtin_timeout_error() -> None:
    namespace: dict[str, object] = {}
    exec("from boosty import *", namespace)
    assert "TimeoutError" not in namespace
    assert "RequestTimeout" in namespace


def test_request_timeout_is_a_network_error_and_a_builtin_timeout_error() -> None:
    assert issubclass(RequestTimeout, boosty.NetworkError)
    assert issubclass(RequestTimeout, builtins.TimeoutError)
    error = RequestTimeout("ReadTimeout on GET /v1/blog/b", None)
    assert str(error) == "ReadTimeout on GET /v1/blog/b"
    assert error.request is None


def test_the_old_timeout_name_warns_and_is_the_new_class() -> None:
    with pytest.warns(DeprecationWarning, match="boosty.RequestTimeout"):
        old = boosty.TimeoutError
    assert old is RequestTimeout


def test_a_moved_model_still_resolves_from_the_root_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match=r"boosty\.models"):
        from boosty import PostFrame  # type: ignore[attr-defined]
    assert PostFrame is boosty.models.PostFrame


@pytest.mark.parametrize("name", ["Sleep", "Close"])
def test_the_sender_steps_still_resolve_from_the_root_with_a_warning(name: str) -> None:
    from boosty import _sender

    with pytest.warns(DeprecationWarning, match=rf"boosty\.{name} .*boosty\._sender"):
        step = getattr(boosty, name)
    assert step is getattr(_sender, name)


def test_an_unknown_root_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchThing"):
        boosty.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.parametrize("part", ["text", "video", "blocks", "media", "markdown", "poll", "session", "stream"])
def test_the_model_parts_never_import_the_content_facade(part: str) -> None:
    # content.py re-exports its parts; a part importing it back would be an import loop.
    source = (Path(boosty.__file__).parent / "_model" / f"{part}.py").read_text(encoding="utf-8")
    imported = {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    assert imported.isdisjoint({"content", "misc"}), imported


@pytest.mark.anyio
async def test_a_timeout_is_caught_by_the_builtin_name(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(side_effect=httpx.ReadTimeout("slow"))
        with pytest.raises(builtins.TimeoutError) as info:
            await resolve(client.blog("b"))
    assert type(info.value) is RequestTimeout
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
