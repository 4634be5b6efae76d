"""What one running fake holds: the world, tokens, signer, faults, request log and settings."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import attrs

from .auth import TokenStore
from .faults import FaultInjector
from .media import Signer
from .render import View
from .world import World

__all__ = ["FakeState", "RecordedRequest"]

_SECRET_HEADERS = ("authorization", "cookie")


@attrs.define
class RecordedRequest:
    """One request the fake received (secrets removed).

    ``query`` maps each parameter to its last value (``query_items`` keeps all pairs);
    ``headers`` has lower-case names, with the values of ``Authorization`` and ``Cookie``
    replaced by ``"[redacted]"``; ``authorized`` is ``True`` for a valid token, whose user
    is ``user_id``; ``origin`` is ``"api"`` or ``"media"``; ``status`` is the answer's
    status (``None`` if none was sent) and ``fault`` the kind of fault injected, if any.
    """

    method: str
    path: str
    query: dict[str, str]
    query_items: list[tuple[str, str]]
    headers: dict[str, str]
    origin: str
    authorized: bool = False
    user_id: int | None = None
    status: int | None = None
    fault: str | None = None
    time: float = 0.0

    @classmethod
    def redact(cls, raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
        headers: dict[str, str] = {}
        for key, value in raw:
            name = key.decode("latin-1").lower()
            headers[name] = "[redacted]" if name in _SECRET_HEADERS else value.decode("latin-1")
        return headers


class FakeState:
    """Shared by the HTTP side (event loop thread) and the admin API (test thread)."""

    def __init__(
        self,
        *,
        seed: int,
        token_lifetime: float,
        media_lifetime: float,
        populate: Callable[[World, int], None],
    ) -> None:
        self.seed = seed
        self.offset = 0.0
        self.media_lifetime = media_lifetime
        self.populate = populate
        self.world = World(self.now)
        self.tokens = TokenStore(self.now, token_lifetime)
        self.signer = Signer(f"boosty-fake-{seed}".encode(), self.now)
        self.faults = FaultInjector()
        self.requests: list[RecordedRequest] = []
        self.requests_lock = threading.Lock()
        self.api_base = ""
        self.media_base = ""
        self.media_port = 0
        self.replay: Any = None
        self.dirty = False
        populate(self.world, seed)

    def now(self) -> float:
        """The fake's clock: real time plus what :meth:`advance` added (unix seconds)."""
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def reset(self) -> None:
        """Back to the seeded state; the world is rebuilt only if something changed it (``dirty``)."""
        if self.dirty:
            world = World(self.now)
            self.populate(world, self.seed)
            with self.world.lock:
                self.world.__dict__.update({k: v for k, v in world.__dict__.items() if k != "lock"})
            self.dirty = False
        self.offset = 0.0
        self.tokens.reset()
        self.faults.reset()
        self.clear_requests()

    def record(self, entry: RecordedRequest) -> None:
        with self.requests_lock:
            self.requests.append(entry)

    def clear_requests(self) -> None:
        with self.requests_lock:
            self.requests.clear()

    def view(self, viewer: int | None) -> View:
        return View(self.world, viewer, self.media_base, self.signer, self.media_lifetime)
