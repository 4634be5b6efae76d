"""Uploads: images to the upload host, other files to the API (``boosty-api.md`` §2.13, §5.5).

A file is a path, ``bytes`` or a binary file object. A path is streamed from disk in
64 KiB chunks (memory does not grow with the file) and opened anew for each attempt; a
seekable file object is read from its beginning (``seek(0)``) and left open; one that
cannot seek (a pipe) is read into memory once, so a retry can send it again.
"""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Union

from ..._sender._http import Request, Response
from ..base import ClientBase
from ..endpoint import endpoint
from ..refs import structure

if TYPE_CHECKING:
    from ...models import FileBlock, ImageBlock
else:
    from ._models import FileBlock, ImageBlock

__all__ = ["FileInput", "UploadsAPI", "UploadSource", "upload_source"]

CHUNK = 64 * 1024
FileInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]
"""A path, the bytes themselves, or a binary file object."""

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
)


def _sniff(head: bytes) -> tuple[str, str] | None:
    for magic, ctype, ext in _MAGIC:
        if head.startswith(magic):
            return ctype, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    return None


class UploadSource:
    """What is uploaded: ``name`` (file name sent), ``size`` (bytes), ``content_type``, and
    the bytes as ``data`` (in memory), ``path`` (streamed from disk) or ``fileobj``."""

    def __init__(
        self,
        name: str,
        size: int,
        content_type: str,
        *,
        data: bytes | None = None,
        path: Path | None = None,
        fileobj: IO[bytes] | None = None,
    ) -> None:
        self.name, self.size, self.content_type = name, size, content_type
        self.data, self.path, self.fileobj = data, path, fileobj

    def chunks(self) -> Iterator[bytes]:
        """The bytes from the start, in chunks (a path is opened for this iteration only)."""
        if self.data is not None:
            yield self.data
            return
        if self.path is not None:
            with open(self.path, "rb") as fh:
                yield from iter(lambda: fh.read(CHUNK), b"")
            return
        assert self.fileobj is not None
        _rewind(self.fileobj)
        yield from iter(lambda: self.fileobj.read(CHUNK), b"")  # type: ignore[union-attr]

    def body(self, asynchronous: bool) -> Any:
        """A request body for a sync or async sender: the bytes, or a re-iterable stream."""
        if self.data is not None:
            return self.data
        return _AsyncStream(self) if asynchronous else _SyncStream(self)


def _rewind(fileobj: IO[bytes]) -> None:
    if fileobj.seekable():
        fileobj.seek(0)


class _SyncStream:
    def __init__(self, source: UploadSource) -> None:
        self.source = source

    def __iter__(self) -> Iterator[bytes]:
        return self.source.chunks()


class _AsyncStream:
    def __init__(self, source: UploadSource) -> None:
        self.source = source

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.source.chunks():  # local disk reads: short, no thread needed
            yield chunk


class _LazyFile(io.RawIOBase):
    """A read-only file object over a path that is opened on first read and closed at its
    end, for multipart bodies (httpx rewinds it with ``seek(0)`` per attempt)."""

    def __init__(self, source: UploadSource) -> None:
        super().__init__()
        self.source = source
        self._chunks: Iterator[bytes] | None = None
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_END and offset == 0:
            return self.source.size  # httpx asks the length this way
        if (whence, offset) != (os.SEEK_SET, self._pos):
            if (whence, offset) != (os.SEEK_SET, 0):
                raise io.UnsupportedOperation("only seek(0) is supported")
            self._drop()
            self._pos = 0
        return self._pos

    def read(self, size: int = -1) -> bytes:
        if self._chunks is None:
            self._chunks = self.source.chunks()
        chunk = next(self._chunks, b"")
        if not chunk:
            self._drop()
        self._pos += len(chunk)
        return chunk

    def _drop(self) -> None:
        if self._chunks is not None:
            self._chunks.close()  # type: ignore[attr-defined]
            self._chunks = None

    def close(self) -> None:
        self._drop()
        super().close()


def upload_source(file: Any, *, filename: str | None = None, content_type: str | None = None) -> UploadSource:
    """Check ``file`` (path, bytes or binary file object) before any request.

    Raises :class:`FileNotFoundError` for a path that is not an existing file,
    :class:`TypeError` for a text file object or another type.
    """
    if isinstance(file, (str, os.PathLike)):
        path = Path(file)
        if not path.is_file():
            raise FileNotFoundError(f"file: no such file: {path}")
        with open(path, "rb") as fh:
            head = fh.read(16)
        sniffed = _sniff(head)
        ctype = content_type or mimetypes.guess_type(path.name)[0] or (sniffed[0] if sniffed else None)
        return UploadSource(
            filename or path.name, path.stat().st_size, ctype or "application/octet-stream", path=path.resolve()
        )
    if isinstance(file, (bytes, bytearray, memoryview)):
        data = bytes(file)
        sniffed = _sniff(data[:16])
        name = filename or ("upload" + (sniffed[1] if sniffed else ""))
        ctype = content_type or (sniffed[0] if sniffed else mimetypes.guess_type(name)[0])
        return UploadSource(name, len(data), ctype or "application/octet-stream", data=data)
    if isinstance(file, io.TextIOBase):
        raise TypeError("file: open the file in binary mode ('rb')")
    if callable(getattr(file, "read", None)):
        name = filename or Path(str(getattr(file, "name", "upload"))).name
        if file.seekable():
            file.seek(0)
            head = file.read(16)
            size = file.seek(0, os.SEEK_END)
            file.seek(0)
            sniffed = _sniff(head if isinstance(head, bytes) else b"")
            ctype = content_type or mimetypes.guess_type(name)[0] or (sniffed[0] if sniffed else None)
            return UploadSource(name, size, ctype or "application/octet-stream", fileobj=file)
        data = file.read()  # not seekable (a pipe): read once, so a retry can resend it
        if not isinstance(data, bytes):
            raise TypeError("file: open the file in binary mode ('rb')")
        return upload_source(data, filename=name, content_type=content_type)
    raise TypeError(f"file: expected a path, bytes or a binary file object, got {type(file).__name__}")


def _payload(payload: Any) -> dict[str, Any]:
    if isinstance(payload, dict) and isinstance(payload.get("data"), dict):
        payload = payload["data"]
    if not isinstance(payload, dict) or not payload.get("id"):
        from ..._errors import ParseError

        raise ParseError("upload answer has no media id", path="id")
    return payload


def _image(payload: Any, response: Response) -> ImageBlock:
    data = _payload(payload)
    return structure({**data, "type": "image", "rendition": data.get("rendition") or ""}, ImageBlock)


def _file(payload: Any, response: Response) -> FileBlock:
    data = _payload(payload)
    block = {
        "type": "file",
        "id": data["id"],
        "url": data.get("url") or "",
        "title": data.get("title") or data.get("filename") or "",
        "size": data.get("size"),
        "complete": data.get("complete", True),
    }
    return structure(block, FileBlock)


class UploadsAPI(ClientBase):
    """Media uploads."""

    @endpoint(_image)
    def upload_image(self, file: FileInput, *, filename: str | None = None, content_type: str | None = None) -> Request:
        """Upload an image: ``POST {upload_base_url}/v1/media_data/image/``. Auth: user.

        ``file`` is a path (streamed from disk), ``bytes`` or a binary file object;
        ``filename`` and ``content_type`` override what is guessed from the name and the
        first bytes. The body is the raw file with its MIME type as ``Content-Type``
        (following the catalogue's one source for this host, DC, §2.13; BL's multipart
        ``/v1/upload/`` is unconfirmed by any other source, §9.11). The upload host
        (``upload_base_url``, default ``https://uploadimg.boosty.to``) gets the client's
        credentials; no other host but the API does.

        Returns the :class:`~boosty.ImageBlock` of the uploaded image, ready to go into
        a post's content (``content + [block]``). Raises :class:`FileNotFoundError` for a
        missing file, :class:`ValueError` for a file that is not an image,
        :class:`TypeError` for a text file object, :class:`~boosty.Unauthorised` without a
        token, before any request for the first three.
        """
        source = upload_source(file, filename=filename, content_type=content_type)
        if not source.content_type.startswith("image/"):
            raise ValueError(f"file: {source.name} is not an image ({source.content_type})")
        headers = {"Content-Type": source.content_type, "Content-Length": str(source.size)}
        url = f"{self.upload_base_url}/v1/media_data/image/"
        return Request("POST", url, headers=headers, content=source.body(self.is_async))

    @endpoint(_file)
    def upload_file(self, file: FileInput, *, filename: str | None = None, content_type: str | None = None) -> Request:
        """Upload a file attachment: ``POST /v1/upload/`` (multipart field ``file``). Auth: user.

        ``file`` is a path (streamed from disk), ``bytes`` or a binary file object. The
        route and body follow the catalogue's only source for it (BL, §2.13; flagged
        unverified there), as no other source uploads files.

        Returns the :class:`~boosty.FileBlock` of the upload (``title`` the file name,
        ``size`` in bytes), ready to go into a post's content. Raises
        :class:`FileNotFoundError` for a missing file, :class:`TypeError` for a text file
        object (both before any request), :class:`~boosty.Unauthorised` without a token.
        """
        source = upload_source(file, filename=filename, content_type=content_type)
        body: Any = source.data if source.data is not None else source.fileobj or _LazyFile(source)
        return self._request("POST", "/v1/upload/", files={"file": (source.name, body, source.content_type)})
