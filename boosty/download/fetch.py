"""Resumable streaming fetch of one URL into a ``.part`` file.

:func:`fetch` sends ``GET`` through a sender chain (never through a client's auth: media
requests carry no ``Authorization`` and no API cookies) with ``stream=True`` and appends
the body to ``part`` chunk by chunk, so memory stays flat whatever the file's size. When a
``.part`` already holds bytes it asks for the rest (``Range: bytes=<len>-``):

* ``206`` whose ``Content-Range`` starts at that length → appended (a ``206`` for the
  whole file, ``bytes 0-...``, is taken as it is when the part is empty); another range → the
  part is thrown away and the file starts over;
* ``200`` (the server ignored the Range) → the part is truncated and the file starts over;
* any other 2xx (``203`` with a proxy's page, ``204`` with nothing) is not the file: the part
  is left as it was and the answer counts as a failed attempt;
* ``416`` → the part is complete if ``Content-Range: bytes */<total>`` equals its length,
  otherwise it is thrown away and the file starts over.

The body is complete when its length equals the size the server declared
(``Content-Length`` of a 200, the total of ``Content-Range``) or, when the server declared
none (or only for an encoded body: ``Content-Encoding`` despite ``Accept-Encoding:
identity``), the size the API declared. An encoded answer that fails leaves no part behind
(its decoded start is no prefix to resume from). When the API declared a size (``declared_size > 0``), an
answer declaring another total is not the file either (a 59-byte HTML page for a 356 KB
image): it is not written, and the attempt fails. A cut connection or a short body is resumed with a new
Range request; a long one starts over. ``retries`` attempts that make no progress in a row
are allowed, with exponential back-off from ``backoff`` seconds; 5xx and 429 answers count
as such attempts. 400/403 (an expired signed link) and other 4xx raise the
:class:`~boosty.HTTPError` at once, for the caller to decide. The part is flushed and
fsynced; renaming it is the caller's job (the name may depend on ``Content-Type``).

Works with sync and async sender chains: an async chain is awaited; a sync chain's
``send`` and body reads run in worker threads (:func:`asyncio.to_thread`).
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, Protocol, cast

import attrs

from .._errors import HTTPError, NetworkError, ServerError, TooManyRequests, error_for_response
from .._sender._http import Request, Response
from .._sender.base import Sender
from .._sender.retrying import NO_RETRY
from .errors import IncompleteDownload

__all__ = ["CHUNK_SIZE", "Fetched", "SenderIO", "fetch"]

CHUNK_SIZE = 1 << 20
"""Bytes read per step (one thread hop for a sync chain, one progress event)."""

_MAX_ERROR_BODY = 64 * 1024
_MAX_WAIT = 60.0
_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", re.IGNORECASE)
_UNSATISFIED = re.compile(r"^\s*bytes\s+\*/(\d+)\s*$", re.IGNORECASE)

OnStart = Callable[[int | None, int], object]
"""``(total bytes or None, bytes already on disk)`` when the headers of a transfer arrive."""
OnProgress = Callable[[int, int, int | None], object]
"""``(advanced, done, total)`` in bytes after each step."""


@attrs.frozen
class Fetched:
    """A complete ``.part``: ``size`` bytes, ``content_type`` of the last answer (or ``None``),
    ``downloaded`` bytes written by this call, ``resumed_from`` bytes that were there before."""

    size: int
    content_type: str | None
    downloaded: int
    resumed_from: int


class _Writer(Protocol):
    def write(self, data: bytes, /) -> int: ...


class _Body:
    """A streamed body read into a file in steps of about ``limit`` bytes."""

    async def read_into(self, handle: _Writer, limit: int) -> int:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError


class _AsyncBody(_Body):
    def __init__(self, response: Response) -> None:
        self._response = response
        self._chunks: AsyncIterator[bytes] = response.aiter_bytes()

    async def read_into(self, handle: _Writer, limit: int) -> int:
        written = 0
        while written < limit:
            try:
                chunk = await self._chunks.__anext__()
            except StopAsyncIteration:
                break
            handle.write(chunk)
            written += len(chunk)
        return written

    async def close(self) -> None:
        await self._response.aclose()


class _SyncBody(_Body):
    def __init__(self, response: Response) -> None:
        self._response = response
        self._chunks: Iterator[bytes] = response.iter_bytes()

    def _read(self, handle: _Writer, limit: int) -> int:
        written = 0
        for chunk in self._chunks:
            handle.write(chunk)
            written += len(chunk)
            if written >= limit:
                break
        return written

    async def read_into(self, handle: _Writer, limit: int) -> int:
        return await asyncio.to_thread(self._read, handle, limit)

    async def close(self) -> None:
        await asyncio.to_thread(self._response.close)


class SenderIO:
    """Awaitable access to a sync or async sender chain (``send`` and streamed bodies)."""

    def __init__(self, sender: Sender) -> None:
        self.sender = sender

    async def send(self, request: Request) -> Response:
        """The sender's response to ``request``, awaited (sync chains run in a thread)."""
        if self.sender.is_async:
            return await cast(Coroutine[Any, Any, Response], self.sender.send(request))
        return cast(Response, await asyncio.to_thread(self.sender.send, request))

    def body(self, response: Response) -> _Body:
        """The streamed body of ``response`` as a step-wise reader."""
        return _AsyncBody(response) if self.sender.is_async else _SyncBody(response)

    async def error(self, response: Response) -> HTTPError:
        """The :class:`~boosty.HTTPError` of an error answer, with up to 64 KiB of its body."""
        body = self.body(response)
        content = b""
        try:
            sink = _Sink()
            while len(sink.data) < _MAX_ERROR_BODY and await body.read_into(sink, _MAX_ERROR_BODY):
                pass
            content = bytes(sink.data[:_MAX_ERROR_BODY])
        except NetworkError:
            pass
        finally:
            await body.close()
        error = error_for_response(response.evolve(content=content, stream=None))
        assert error is not None
        return error


class _Sink:
    """A write-only bytes buffer standing in for a file (error bodies)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        return len(chunk)


def _encoded(response: Response) -> bool:
    """Whether the body comes with a ``Content-Encoding`` (it is decoded while read)."""
    return response.headers.get("Content-Encoding", "identity").strip().lower() not in ("identity", "")


def _declared_total(response: Response, offset: int) -> int | None:
    """The complete file's size the answer declares, or ``None``."""
    if _encoded(response):
        return None  # lengths count encoded bytes; the body is decoded
    if response.status_code == 206:
        match = _RANGE.match(response.headers.get("Content-Range", ""))
        if match and match.group(3) != "*":
            return int(match.group(3))
    length = response.headers.get("Content-Length")
    if length is not None and length.strip().isdigit():
        return int(length) + (offset if response.status_code == 206 else 0)
    return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _mkdir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


async def _receive(
    body: _Body,
    part: Path,
    mode: str,
    chunk_size: int,
    done: int,
    downloaded: int,
    total: int | None,
    on_progress: OnProgress | None,
) -> tuple[int, int, NetworkError | None]:
    """Append ``body`` to ``part``: ``(done, downloaded, the error that cut it or None)``."""
    # Local file operations stay on the loop (a thread hop per chunk costs more than a
    # write to the page cache); a sync chain's reads and writes run in a thread.
    with open(part, mode) as handle:  # noqa: ASYNC230
        try:
            while True:
                count = await body.read_into(handle, chunk_size)
                if not count:
                    break
                done += count
                downloaded += count
                if on_progress is not None:
                    on_progress(count, done, total)
                if total is not None and done > total:
                    break
        except NetworkError as exc:
            # the step the cut interrupted had written some bytes already: they count
            handle.flush()
            cut = handle.tell() - done
            if cut > 0:
                done += cut
                downloaded += cut
                if on_progress is not None:
                    on_progress(cut, done, total)
            return done, downloaded, exc
    return done, downloaded, None


async def fetch(
    io: SenderIO,
    url: str,
    part: Path,
    *,
    declared_size: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    retries: int = 3,
    backoff: float = 0.5,
    timeout: float | None = None,
    fsync: bool = True,
    on_start: OnStart | None = None,
    on_progress: OnProgress | None = None,
) -> Fetched:
    """Download ``url`` into ``part`` (appending to what it holds); see the module doc.

    ``declared_size`` (bytes, from the API) is the fallback completeness check;
    ``timeout`` (seconds) goes on each request. Returns :class:`Fetched`. Raises
    :class:`~boosty.HTTPError` for 4xx answers and for 5xx/429 after ``retries``,
    :class:`~boosty.NetworkError` after ``retries`` failed attempts in a row,
    :class:`~boosty.download.IncompleteDownload` when the bytes never add up. The part
    is kept on every error, for a later resume.
    """
    _mkdir(part.parent)
    resumed_from = _size(part)
    downloaded = 0
    failures = 0
    best = resumed_from  # the longest the part has been: only growing past it counts as progress
    content_type: str | None = None

    async def fail(error: Exception, wait: float | None = None) -> None:
        nonlocal failures
        failures += 1
        if failures > retries:
            raise error
        delay = min(_MAX_WAIT, backoff * 2 ** (failures - 1))
        if wait is not None:
            delay = min(_MAX_WAIT, max(delay, wait))
        await asyncio.sleep(delay)

    while True:
        offset = _size(part)
        headers = {"Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        # One retry budget per file: this loop's, never multiplied by a RetryingSender's.
        request = Request(
            "GET", url, headers=headers, timeout=timeout, stream=True, extensions={"media": True, NO_RETRY: True}
        )
        try:
            response = await io.send(request)
        except NetworkError as exc:
            await fail(exc)
            continue
        status = response.status_code
        if status < 400 and status not in (200, 206):
            await io.body(response).close()
            await fail(IncompleteDownload(f"{request!r} answered {status}, not the file"))
            continue
        if status >= 400 and status != 416:
            error = await io.error(response)
            if isinstance(error, (ServerError, TooManyRequests)):
                await fail(error, getattr(error, "retry_after", None))
                continue
            raise error
        body = io.body(response)
        problem: Exception | None = None  # what went wrong; acted on once the body is closed
        total: int | None = None
        done = offset
        complete = False
        try:
            mode = "ab" if status == 206 else "wb"
            if status == 416:
                match = _UNSATISFIED.match(response.headers.get("Content-Range", ""))
                total = int(match.group(1)) if match else declared_size
                complete = bool(offset) and total == offset and (not declared_size or total == declared_size)
                if not complete:
                    _remove(part)
                    problem = IncompleteDownload(f"the server refused the range of {request!r}: status 416")
            elif status == 206:
                match = _RANGE.match(response.headers.get("Content-Range", ""))
                if not match or int(match.group(1)) != offset:
                    _remove(part)  # a range we did not ask for: start over
                    problem = IncompleteDownload(f"unexpected Content-Range from {request!r}")
            elif offset:  # 200 (or another 2xx) to a Range request: the whole file again
                if on_progress is not None:
                    on_progress(-offset, 0, None)
                offset = done = 0
            if problem is None and not complete:
                content_type = response.headers.get("Content-Type")
                total = _declared_total(response, offset)
                if total is None:  # the API's size counts the file's (decoded) bytes, encoded or not
                    total = declared_size
                if declared_size and total is not None and total != declared_size:
                    problem = IncompleteDownload(
                        f"{request!r} declared {total} bytes where the API declared {declared_size}"
                    )
            if problem is None and not complete:
                if on_start is not None:
                    on_start(total, offset)
                done, downloaded, problem = await _receive(
                    body, part, mode, chunk_size, done, downloaded, total, on_progress
                )
        finally:
            await body.close()
        if complete:
            break
        if done > best:
            best, failures = done, 0
        if problem is None and (total is None or done == total):
            break
        if problem is None and total is not None and done > total:
            _remove(part)
            problem = IncompleteDownload(f"{request!r} sent {done} bytes where {total} were declared")
        elif problem is None:
            problem = IncompleteDownload(f"{request!r} ended after {done} of {total} bytes")
        if _encoded(response):
            _remove(part)  # the decoded start of an encoded body is no prefix to resume from
        await fail(problem)
    if fsync:
        await asyncio.to_thread(_fsync, part)
    return Fetched(size=_size(part), content_type=content_type, downloaded=downloaded, resumed_from=resumed_from)
