"""``AsyncBoosty(backend=...)`` / ``Boosty(asynchronous=True, backend=...)``: the client builds
its async sender over the transport named, against the fake server on a real socket; a backend
the client cannot use is refused before anything is built."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from boosty import AsyncBoosty, AsyncSender, Boosty, SyncSender
from boosty.testing import FakeBoosty

pytestmark = pytest.mark.anyio


def _client(kind: str, base_url: str, backend: str | None) -> Any:
    if kind == "AsyncBoosty":
        return AsyncBoosty(base_url=base_url, backend=backend)
    return Boosty(base_url=base_url, asynchronous=True, backend=backend)


@pytest.mark.parametrize("kind", ["AsyncBoosty", "Boosty"])
@pytest.mark.parametrize("backend", ["aiohttp", "httpx", None])
async def test_the_client_builds_its_sender_over_the_backend(fake_boosty: FakeBoosty, kind: str, backend: str) -> None:
    client = _client(kind, fake_boosty.base_url, backend)
    async with client:
        assert isinstance(client.sender, AsyncSender)
        assert client.sender.backend == (backend or "httpx")
        blog = await client.blog("demo")
        assert blog.blog_url == "demo"
        if backend == "aiohttp":
            assert client.sender.session is not None and not client.sender.session.closed
    if backend == "aiohttp":  # the client closed the session it built
        assert client.sender.session.closed


def test_a_sync_client_takes_the_httpx_backend_and_refuses_aiohttp(fake_boosty: FakeBoosty) -> None:
    with Boosty(base_url=fake_boosty.base_url, backend="httpx") as client:
        assert isinstance(client.sender, SyncSender)
        assert client.blog("demo").blog_url == "demo"
    with pytest.raises(ValueError, match="backend='aiohttp' needs an async client"):
        Boosty(backend="aiohttp")
    with pytest.raises(ValueError, match="backend='aiohttp' needs an async client"):
        Boosty(asynchronous=False, backend="aiohttp")


@pytest.mark.parametrize("backend", ["requests", "", "AIOHTTP", 1])
@pytest.mark.parametrize("kind", ["AsyncBoosty", "Boosty"])
def test_an_unknown_backend_is_a_value_error_naming_it(kind: str, backend: Any) -> None:
    with pytest.raises(ValueError, match=r"backend must be 'httpx' or 'aiohttp', got") as caught:
        _client(kind, "https://api.boosty.to", backend)
    assert repr(backend) in str(caught.value)


async def test_a_backend_beside_a_sender_is_refused_and_the_sender_left_alone() -> None:
    sender = AsyncSender(backend="aiohttp")
    with pytest.raises(ValueError, match="backend chooses the sender the client builds"):
        AsyncBoosty(sender=sender, backend="httpx")
    assert sender.session is None  # never used, still the caller's to close
    await sender.aclose()


def test_the_client_alone_loads_no_polling_settings_or_file_lock_code() -> None:
    code = (
        "import sys\n"
        "from boosty import Boosty, AsyncBoosty\n"
        "heavy = ['boosty.events.poller', 'boosty.events.state', 'boosty.events.sources', 'boosty._config',\n"
        "         'boosty.models', 'sqlite3', 'filelock', 'platformdirs']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "import boosty\n"
        "print(boosty.FileTokenStorage.__name__, boosty.Poller if hasattr(boosty, 'Poller') else '-')\n"
        "from boosty.events import Poller, StateStore\n"
        "print(Poller.__name__, StateStore.__name__, 'sqlite3' in sys.modules, 'filelock' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["[]", "FileTokenStorage -", "Poller StateStore True True"]
