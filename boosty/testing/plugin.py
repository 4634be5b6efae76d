"""pytest plugin (entry point ``pytest11``): fixtures ``fake_boosty``, ``boosty_client``, ``async_boosty_client``.

``fake_boosty_server`` is the same server without the per-test reset (session scope), for
module-scoped fixtures that only need its URLs.

One fake server runs per test session (started on first use); each test gets it freshly
:meth:`~boosty.testing.FakeBoosty.reset` (seeded world, clock, tokens, faults, request log).
``boosty_client`` is anonymous unless the test is marked ``@pytest.mark.boosty_user("owner")``
(or another user alias/id); ``async_boosty_client`` needs an async test runner (anyio or
pytest-asyncio). Every pytest run in an environment with this package loads this module:
importing it imports no client code, no httpx and neither starlette nor uvicorn (the
package root loads its names on first use); the fixtures import them when first used.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .. import AsyncBoosty, Boosty
    from .server import FakeBoosty


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "boosty_user(user): the user (alias or id) whose token boosty_client/async_boosty_client carry"
    )


@pytest.fixture(scope="session")
def fake_boosty_server() -> Iterator[FakeBoosty]:
    """The session's running :class:`~boosty.testing.FakeBoosty`, as the tests left it (no reset)."""
    for module in ("starlette", "uvicorn"):
        pytest.importorskip(module, reason="the fake Boosty server needs boosty-client[testing]")
    from .server import FakeBoosty

    with FakeBoosty() as fake:
        yield fake


@pytest.fixture
def fake_boosty(fake_boosty_server: FakeBoosty) -> FakeBoosty:
    """A running :class:`~boosty.testing.FakeBoosty`, reset to its seeded state for this test."""
    fake_boosty_server.reset()
    return fake_boosty_server


def _user(request: pytest.FixtureRequest) -> Any:
    marker = request.node.get_closest_marker("boosty_user")
    return marker.args[0] if marker is not None and marker.args else None


@pytest.fixture
def boosty_client(fake_boosty: FakeBoosty, request: pytest.FixtureRequest) -> Iterator[Boosty]:
    """A sync :class:`boosty.Boosty` on the fake (token of the ``boosty_user`` marker's user, if any)."""
    with fake_boosty.client(_user(request)) as client:
        yield client


@pytest.fixture
async def async_boosty_client(fake_boosty: FakeBoosty, request: pytest.FixtureRequest) -> AsyncIterator[AsyncBoosty]:
    """An :class:`boosty.AsyncBoosty` on the fake (token of the ``boosty_user`` marker's user, if any)."""
    async with fake_boosty.client(_user(request), asynchronous=True) as client:
        yield client
