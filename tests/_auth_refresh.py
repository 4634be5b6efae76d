"""Shared by the ``test_auth_refresh*`` files (and ``test_auth_security.py``): the ``make_client``
fixture and the helpers for refreshing credentials against the fake Boosty."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from boosty import AsyncBoosty, Boosty, Credentials, MemoryTokenStorage, TokenStorageError
from boosty.testing import FakeBoosty

Client = Any  # Boosty | AsyncBoosty
OWNER = 424242  # the seeded world's owner


@pytest.fixture
async def make_client(mode: str, fake_boosty: FakeBoosty) -> AsyncIterator[Callable[..., Client]]:
    """Builds clients on the fake in the test's mode and closes them afterwards."""
    made: list[Client] = []

    def make(**kwargs: Any) -> Client:
        kwargs.setdefault("base_url", fake_boosty.base_url)
        client = AsyncBoosty(**kwargs) if mode == "async" else Boosty(**kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        if client.is_async:
            await client.aclose()
        else:
            client.close()


def issue(fake: FakeBoosty, user: str = "owner", expires_in: float | None = 3600.0) -> Credentials:
    """Credentials the fake accepts; ``expires_at`` as the client will believe it."""
    tokens = fake.issue_tokens(user)
    expires_at = None if expires_in is None else time.time() + expires_in
    return Credentials(tokens["access_token"], tokens["refresh_token"], tokens["device_id"], expires_at)


def calls(fake: FakeBoosty, path: str, method: str = "GET") -> list[Any]:
    return [r for r in fake.requests if r.path == path and r.method == method]


def refreshes(fake: FakeBoosty) -> int:
    return len(calls(fake, "/oauth/token/", "POST"))


class FlakyStorage(MemoryTokenStorage):
    """A storage whose disk is full while ``broken`` is set."""

    def __init__(self, credentials: Credentials | None = None) -> None:
        super().__init__(credentials)
        self.broken = False
        self.saves = 0

    def save(self, credentials: Credentials) -> None:
        if self.broken:
            raise TokenStorageError("disk full")
        self.saves += 1
        super().save(credentials)
