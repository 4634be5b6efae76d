"""Importing the client loads no model, converter, event loop or polling code; the first call
of an endpoint loads its own model's module only, and works as before (issue #16: import
time). Each check runs in a fresh interpreter, so what the test process has imported does
not hide a regression."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from typing import Any

import pytest

import boosty.models
from boosty import Boosty
from boosty._client.api import _models
from boosty._client.endpoint import Endpoint
from boosty._client.refs import Deferred, ModelRef, deferred, real_parser, resolve, structure
from boosty.testing import FakeBoosty

MODEL_MODULES = sorted({f"boosty._model.{module}" for module in boosty.models.WHERE.values()})
"""Every module a public model lives in (``converter`` too: it imports cattrs)."""

HEAVY = [
    *("boosty.models", "cattrs", "asyncio", "sqlite3", "boosty.events.flow", "boosty.events.dispatch"),
    *("cachetools", "boosty._sender.caching", "boosty._sender.rate_limiting"),  # senders the client does not build
    *("boosty._model._fastgen", "boosty._model.compose"),  # code generation, the content composer
    *("typing_extensions", "boosty._auth.keyring_storage", "boosty._auth.redis_storage", "boosty._redis"),
    *("boosty.download", "boosty.cli", "boosty._config", "boosty.events.poller", "filelock", "platformdirs"),
]


def _run(code: str) -> Any:
    """The JSON a fresh interpreter prints after running ``code``."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _loaded(names: list[str]) -> str:
    return f"print(json.dumps(sorted(m for m in {names!r} if m in sys.modules)))"


@pytest.mark.parametrize("statement", ["from boosty import Boosty", "from boosty import AsyncBoosty", "import boosty"])
def test_importing_the_client_loads_no_model_converter_event_loop_or_polling(statement: str) -> None:
    loaded = _run(f"import json, sys\n{statement}\n{_loaded(MODEL_MODULES + HEAVY)}")
    assert loaded == []
    assert len(MODEL_MODULES) > 20  # the list is what it claims to be


def test_boosty_models_loads_each_module_on_first_use() -> None:
    code = (
        "import json, sys\n"
        "import boosty.models\n"
        f"before = sorted(m for m in {MODEL_MODULES!r} if m in sys.modules)\n"
        "from boosty.models import Target\n"
        f"after = sorted(m for m in {MODEL_MODULES!r} if m in sys.modules)\n"
        "print(json.dumps([before, after, Target.__module__]))\n"
    )
    before, after, module = _run(code)
    assert before == []
    assert module == "boosty._model.target"
    assert "boosty._model.target" in after
    assert "boosty._model.dialog" not in after and "boosty._model.post" not in after


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_first_calls_after_import_parse_and_load_only_their_models(fake_boosty: FakeBoosty, mode: str) -> None:
    code = (
        "import asyncio, json, sys\n"
        "from boosty import AsyncBoosty, Boosty\n"
        "async def resolve(value):\n"
        "    return await value if asyncio.iscoroutine(value) else value\n"
        "async def main():\n"
        f"    client = {'AsyncBoosty' if mode == 'async' else 'Boosty'}(base_url={fake_boosty.base_url!r})\n"
        "    try:\n"
        "        blog = await resolve(client.blog('demo'))\n"
        "        page = await resolve(client.posts('demo', limit=2))\n"
        "    finally:\n"
        "        await resolve(client.aclose() if client.is_async else client.close())\n"
        "    return [type(blog).__name__, blog.blog_url, type(page.items[0]).__name__, len(page.items)]\n"
        "result = asyncio.run(main())\n"
        f"print(json.dumps([result, sorted(m for m in {MODEL_MODULES!r} if m in sys.modules)]))\n"
    )
    (blog, slug, item, count), loaded = _run(code)
    assert (blog, slug, item, count) == ("Blog", "demo", "Post", 2)
    assert {"boosty._model.blog", "boosty._model.post", "boosty._model.converter"} <= set(loaded)
    assert not {"boosty._model.dialog", "boosty._model.account", "boosty._model.stats"} & set(loaded)


def test_every_model_an_endpoint_names_is_a_model_of_boosty_models() -> None:
    refs = [value for value in vars(_models).values() if isinstance(value, ModelRef)]
    assert len(refs) > 40  # the client imported every mixin, each naming its models here
    for ref in refs:
        assert ref.resolve() is getattr(boosty.models, ref.name), ref.name
        assert ref.__name__ == ref.name
        assert repr(ref) == repr(ref.resolve())


def test_every_endpoint_parser_is_built_on_first_use_then_is_the_real_one() -> None:
    endpoints = [v for klass in Boosty.__mro__ for v in vars(klass).values() if type(v) is Endpoint]
    assert len(endpoints) > 60
    for endpoint in endpoints:
        parser = endpoint.parse
        assert not isinstance(parser, Deferred), endpoint.__name__
        assert endpoint.parse is parser  # built once


def test_a_model_ref_to_a_missing_name_fails_when_resolved() -> None:
    ref = ModelRef("NoSuchModel")
    assert "NoSuchModel" in repr(ref) and "not imported" in repr(ref)
    with pytest.raises(AttributeError, match="NoSuchModel"):
        ref.resolve()
    with pytest.raises(AttributeError):
        _models.__getattr__("_mock_name")


def test_resolve_and_structure_take_a_class_or_a_ref() -> None:
    assert resolve(int) is int
    assert resolve(ModelRef("Target")) is boosty.models.Target
    target = structure({"id": 7, "bloggerUrl": "demo", "type": "money"}, ModelRef("Target"))
    assert isinstance(target, boosty.models.Target) and target.id == 7
    with pytest.raises(boosty.ParseError):
        structure({"bloggerUrl": "demo"}, ModelRef("Target"))


def test_a_deferred_parser_is_built_once_even_when_threads_race() -> None:
    built: list[str] = []
    barrier = threading.Barrier(8)

    def build(cls: type[Any]) -> Any:
        built.append(cls.__name__)
        return lambda payload, response: cls(**payload)

    parse = deferred(build, ModelRef("Target"))
    assert "Target" in repr(parse)
    results: list[Any] = []

    def first_use() -> None:
        barrier.wait()
        results.append(real_parser(parse))

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert built == ["Target"]
    assert len({id(result) for result in results}) == 1
    assert real_parser(results[0]) is results[0]  # a built parser is its own real parser


def test_a_builder_annotated_with_a_model_still_checks_its_scalar_arguments() -> None:
    client = Boosty()
    try:
        with pytest.raises(TypeError, match="'blog'"):
            client.comment_create(123, "post-id", "hello")  # type: ignore[arg-type]
    finally:
        client.close()


def test_a_lazy_package_lists_every_name_and_keeps_each_once_loaded() -> None:
    code = (
        "import json, sys\n"
        "import boosty._sender as senders\n"
        "listed = set(senders.__all__) <= set(dir(senders))\n"
        "before = 'CachingSender' in vars(senders), 'boosty._sender.caching' in sys.modules\n"
        "cls = senders.CachingSender\n"
        "after = vars(senders)['CachingSender'] is cls, 'boosty._sender.caching' in sys.modules\n"
        "try:\n"
        "    senders.NoSuchSender\n"
        "    missing = ''\n"
        "except AttributeError as exc:\n"
        "    missing = str(exc)\n"
        "print(json.dumps([listed, before, after, missing]))\n"
    )
    listed, before, after, missing = _run(code)
    assert listed is True
    assert before == [False, False]
    assert after == [True, True]
    assert missing == "module 'boosty._sender' has no attribute 'NoSuchSender'"
