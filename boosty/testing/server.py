"""``FakeBoosty``: the fake Boosty API on a loopback port (uvicorn in a background thread).

>>> with FakeBoosty() as fake:                                # doctest: +SKIP
...     client = Boosty(base_url=fake.base_url)
...     client.blog("demo").title
'Demo blog'

Two sockets are served: ``base_url`` (the API) and ``media_url`` (the media "CDN", another
origin, so a client never sends its token there). Everything else is the admin API below,
which tests use to drive the world, the clock, the tokens and the faults.
"""

from __future__ import annotations

import hashlib
import socket
import sys
import threading
import time
from collections.abc import Iterable

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - Python 3.10
    from importlib.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import Any

from .admin import WorldAdmin
from .faults import Fault, FaultRule
from .media import iter_media
from .mediaserver import Resolved, resolve
from .records import WorldError
from .seed import populate
from .state import FakeState, RecordedRequest
from .world import World

__all__ = ["FakeBoosty", "serve"]

JSON = dict[str, Any]


class FakeBoosty(WorldAdmin):
    """A fake ``api.boosty.to`` with a seeded world, for tests and demos.

    Arguments:
        seed: seed of the generated world (same seed, same blogs, posts and ids).
        token_lifetime: seconds an access token lives (``expires_in``).
        media_lifetime: seconds a signed media link lives.
        replay: ``True`` to serve the packaged recordings for the ``recorded`` blog, or a
            directory in the ``fixtures/boosty/`` layout (see :mod:`boosty.testing.replay`).
        rewrite_media: in replay mode, move recorded media URLs to the fake's media origin.
        host, port, media_port: where to listen (``0``: a free port).

    Use as a context manager, or :meth:`start` / :meth:`stop`. Starting needs the
    ``testing`` extra (starlette, uvicorn); ``ImportError`` otherwise.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        token_lifetime: float = 3600,
        media_lifetime: float = 86400,
        replay: bool | str | Path | Traversable = False,
        rewrite_media: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
        media_port: int = 0,
    ) -> None:
        self._host, self._port, self._media_port = host, port, media_port
        self._replay_source = replay
        self._rewrite_media = rewrite_media
        self._replay: Any = None
        self.state = FakeState(
            seed=seed, token_lifetime=token_lifetime, media_lifetime=media_lifetime, populate=self._populate
        )
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._sockets: list[socket.socket] = []

    def _populate(self, world: World, seed: int) -> None:
        populate(world, seed)
        if self._replay is not None:
            self._replay.install(world)

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The API origin, e.g. ``http://127.0.0.1:53211`` (pass it as ``Boosty(base_url=...)``)."""
        self._require_started()
        return self.state.api_base

    @property
    def upload_base_url(self) -> str:
        """The upload host's origin (``Boosty(upload_base_url=...)``): the fake serves its
        route, ``POST /v1/media_data/image/``, on the API origin."""
        return self.base_url

    @property
    def media_url(self) -> str:
        """The media origin (a different port) where images, files, audio and video are served."""
        self._require_started()
        return self.state.media_base

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _require_started(self) -> None:
        if not self.state.api_base:
            raise RuntimeError("FakeBoosty is not started: use `with FakeBoosty() as fake:` or fake.start()")

    def start(self) -> FakeBoosty:
        """Bind the sockets and serve in a background thread; returns once it accepts connections."""
        if self._thread is not None:
            return self
        try:
            import uvicorn  # noqa: F401

            from . import _asgi, app  # noqa: F401
        except ImportError as exc:
            raise ImportError(
                "the fake Boosty server needs the testing extra: pip install 'boosty-client[testing]'"
            ) from exc

        if self._replay_source is not False and self._replay is None:
            from .replay import Replay

            source = None if self._replay_source is True else self._replay_source
            folder = Path(source) if isinstance(source, str) else source
            self._replay = Replay(self.state, folder, rewrite_media=self._rewrite_media)
            self._replay.install(self.state.world)
        self.state.replay = self._replay
        try:
            server, thread = self._serve()
        except BaseException:
            self.stop()  # closes the sockets bound so far
            raise
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the fake Boosty server did not start")
            time.sleep(0.002)
        return self

    def _serve(self) -> tuple[Any, threading.Thread]:
        """Bind both sockets and start uvicorn (its server and thread)."""
        import uvicorn

        from ._asgi import protocol_class
        from .app import build_app

        api = self._bind(self._port)
        self._sockets.append(api)
        media = self._bind(self._media_port)
        self._sockets.append(media)
        self.state.api_base = f"http://{self._host}:{api.getsockname()[1]}"
        self.state.media_port = media.getsockname()[1]
        self.state.media_base = f"http://{self._host}:{self.state.media_port}"
        config = uvicorn.Config(
            build_app(self.state),
            http=protocol_class(),
            ws="none",
            lifespan="off",
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=1,
            timeout_keep_alive=5,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": self._sockets},
            daemon=True,
            name=f"FakeBoosty:{api.getsockname()[1]}",
        )
        self._thread.start()
        return self._server, self._thread

    def _bind(self, port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, port))
            sock.listen(128)
            sock.set_inheritable(True)
        except BaseException:
            sock.close()
            raise
        return sock

    def stop(self) -> None:
        """Stop serving, close connections and sockets, and join the thread (idempotent)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=3)
            if self._thread.is_alive() and self._server is not None:
                self._server.force_exit = True
                self._thread.join(timeout=3)
        for sock in self._sockets:
            sock.close()
        self._sockets = []
        self._thread = None
        self._server = None
        self.state.api_base = self.state.media_base = ""
        self.state.media_port = 0

    def __enter__(self) -> FakeBoosty:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.state.api_base or "stopped"
        return f"FakeBoosty({where}, seed={self.state.seed})"

    # -- auth ----------------------------------------------------------------------------------

    def issue_tokens(self, user: int | str = "owner", *, lifetime: float | None = None) -> dict[str, Any]:
        """Tokens for ``user``: ``{access_token, refresh_token, device_id, expires_in, token_type}``."""
        return self.state.tokens.issue(self.user_id(user), lifetime=lifetime)

    def expire_access_tokens(self) -> None:
        """Expire every access token issued so far (requests with them get 401; refresh still works)."""
        self.state.tokens.expire_all()

    def revoke_refresh_tokens(self) -> None:
        """Make every refresh token issued so far unusable (``invalid_grant``)."""
        self.state.tokens.revoke_refresh_tokens()

    @property
    def refresh_count(self) -> int:
        """How many successful refreshes ``POST /oauth/token/`` served."""
        return self.state.tokens.refreshes

    def client(self, user: int | str | None = None, *, asynchronous: bool = False, **kwargs: Any) -> Any:
        """A :class:`boosty.Boosty` (or ``AsyncBoosty``) on this fake, with a token of ``user`` if given."""
        from .. import AsyncBoosty, Boosty

        token = self.issue_tokens(user)["access_token"] if user is not None else None
        cls = AsyncBoosty if asynchronous else Boosty
        kwargs.setdefault("upload_base_url", self.upload_base_url)
        return cls(token, base_url=self.base_url, **kwargs)

    # -- media --------------------------------------------------------------------------------

    def media_bytes(self, media: str, quality: str | None = None) -> bytes:
        """The bytes the fake serves for a media URL or id (``quality`` picks a video variant)."""
        return b"".join(self._media_chunks(media, quality))

    def media_sha256(self, media: str, quality: str | None = None) -> str:
        """Hex sha256 of :meth:`media_bytes` (computed chunk by chunk)."""
        digest = hashlib.sha256()
        for chunk in self._media_chunks(media, quality):
            digest.update(chunk)
        return digest.hexdigest()

    def media_size(self, media: str, quality: str | None = None) -> int:
        """Bytes of a media URL or id."""
        return self._resolve(media, quality).size

    def _resolve(self, media: str, quality: str | None) -> Resolved:
        path = media
        if quality is not None and "://" not in media and "/" not in media:
            path = f"/video/{media}/{quality}.mp4"
        found = resolve(self.state, path)
        if found is None:
            raise WorldError(f"no such media: {media!r}")
        return found

    def _media_chunks(self, media: str, quality: str | None) -> Iterable[bytes]:
        found = self._resolve(media, quality)
        return iter_media(found.key, found.size, found.content_type)

    # -- faults and the request log ----------------------------------------------------------

    def inject(
        self,
        fault: Fault,
        *,
        path: str = "*",
        method: str | None = None,
        count: int | None = None,
        probability: float | None = None,
        seed: int = 0,
        origin: str | None = None,
    ) -> FaultRule:
        """Inject ``fault`` into requests whose path matches the glob ``path`` (and ``method``).

        ``count``: only the next N matching requests (``None``: until :meth:`clear_faults`);
        ``probability``: each matching request by chance, from ``seed``; ``origin``: only
        ``"api"`` or only ``"media"`` requests (media paths are ``/image/*``, ``/video/*``...).
        Returns the rule (its ``injected`` counts hits). The first matching rule wins.
        """
        if origin not in (None, "api", "media"):
            raise ValueError(f"origin must be 'api', 'media' or None, got {origin!r}")
        return self.state.faults.add(FaultRule(fault, path, method, count, probability, seed, origin))

    def clear_faults(self) -> None:
        """Remove every fault rule (counters stay)."""
        self.state.faults.clear()

    @property
    def faults_injected(self) -> int:
        """How many requests got a fault so far."""
        return self.state.faults.injected

    @property
    def faults_by_kind(self) -> dict[str, int]:
        """Injected faults counted by kind (``status``, ``delay``, ``drop``, ``truncate``, ``invalid_json``)."""
        return self.state.faults.by_kind()

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request served so far (a copy), oldest first."""
        with self.state.requests_lock:
            return list(self.state.requests)

    def clear_requests(self) -> None:
        """Forget the requests served so far."""
        self.state.clear_requests()


def serve(host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
    """Run a fake until interrupted (Ctrl-C), printing its URLs; ``options`` go to :class:`FakeBoosty`."""
    with FakeBoosty(host=host, port=port, **options) as fake:
        print(f"Fake Boosty API on {fake.base_url} (media on {fake.media_url}); Ctrl-C stops it", flush=True)
        try:
            while fake.running:
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass
