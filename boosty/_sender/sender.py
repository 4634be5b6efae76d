"""The :class:`Sender` interface: a :class:`~boosty.Request` in, a :class:`~boosty.Response` out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Coroutine
from types import TracebackType
from typing import Any, Generic, TypeVar

from .._mode import M
from ._http import Request, Response

__all__ = ["Sender"]

_S = TypeVar("_S", bound="Sender[Any]")


class Sender(ABC, Generic[M]):
    """Sends a :class:`~boosty.Request` and returns a :class:`~boosty.Response`.

    A sync sender's :meth:`send` returns the response; an async sender's returns a
    coroutine of it (:attr:`is_async` tells which). Senders are context managers
    (``with`` / ``async with``) that close what they own.
    """

    @property
    @abstractmethod
    def is_async(self) -> bool:
        """``True`` if :meth:`send` returns a coroutine."""

    @abstractmethod
    def send(self, request: Request) -> Response | Coroutine[Any, Any, Response]:
        """Send ``request``; the response, or for an async sender a coroutine of it."""

    def close(self) -> None:
        """Release what this sender owns (sync senders)."""

    async def aclose(self) -> None:
        """Release what this sender owns; a sync sender's default runs :meth:`close`."""
        self.close()

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self: _S) -> _S:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
