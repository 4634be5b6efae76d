"""The project's own HTTP value objects: :class:`Request`, :class:`Response`, :class:`Headers`.

No httpx object crosses a layer: senders take a :class:`Request` and give back a
:class:`Response`; only :mod:`boosty._sender.concrete` translates to and from httpx.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from typing import Any, Union, cast
from urllib.parse import urlencode, urlsplit

import attrs

from .._json import loads as decode_json
from .._slots import field_constructor
from .._urls import safe_url as _safe_url

__all__ = ["ByteStream", "Headers", "Request", "Response", "lazy_headers", "new_request", "new_response"]

_SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})

HeaderInput = Union["Headers", Mapping[str, str], Iterable[tuple[str, str]], None]
ParamValue = Union[str, int, float, bool, None, Iterable[Union[str, int, float, bool]]]


class Headers(Mapping[str, str]):
    """An immutable, case-insensitive mapping of HTTP header names to values.

    Lookup ignores case; iteration yields the names as first given. A header sent
    several times (``Set-Cookie``) keeps every value: :meth:`get_list` returns them all,
    ``headers[name]`` joins them with ``", "``. ``repr`` masks credentials.
    """

    __slots__ = ("_index_cache", "_items")
    _items: tuple[tuple[str, str], ...]
    _index_cache: dict[str, list[str]] | None

    def __init__(self, headers: HeaderInput = None) -> None:
        items: tuple[tuple[str, str], ...]
        if isinstance(headers, Headers):
            items = headers._items
        elif headers is None:
            items = ()
        elif isinstance(headers, Mapping):
            items = tuple((str(k), str(v)) for k, v in headers.items())
        else:
            items = tuple((str(k), str(v)) for k, v in headers)
        self._items = items
        self._index_cache = None

    @classmethod
    def _from_items(cls, items: tuple[tuple[str, str], ...]) -> Headers:
        """Trusted construction from ``(str, str)`` pairs (no copying or checks)."""
        new = cls.__new__(cls)
        new._items = items
        new._index_cache = None
        return new

    @property
    def _index(self) -> dict[str, list[str]]:
        # Built on first lookup: most headers objects on the hot path are only passed along.
        index = self._index_cache
        if index is None:
            index = {}
            for name, value in self._items:
                index.setdefault(name.lower(), []).append(value)
            self._index_cache = index
        return index

    def __getitem__(self, name: str) -> str:
        return ", ".join(self._index[name.lower()])

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._index

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for name, _ in self._items:
            if name.lower() not in seen:
                seen.add(name.lower())
                yield name

    def __len__(self) -> int:
        return len(self._index)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Headers):
            return self._index == other._index
        if isinstance(other, Mapping):
            return self._index == Headers(other)._index
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, tuple(v)) for k, v in self._index.items())))

    def get_list(self, name: str) -> list[str]:
        """Every value sent for ``name`` (case-insensitive), in order; ``[]`` if absent."""
        return list(self._index.get(name.lower(), ()))

    def raw(self) -> tuple[tuple[str, str], ...]:
        """The ``(name, value)`` pairs as given, duplicates included."""
        return self._items

    def merge(self, other: HeaderInput) -> Headers:
        """A new :class:`Headers` where each name in ``other`` replaces the same name here."""
        extra = other if isinstance(other, Headers) else Headers(other)
        if not extra._items:
            return self
        if not self._items:
            return extra
        replaced = {k.lower() for k, _ in extra._items}
        kept = tuple((k, v) for k, v in self._items if k.lower() not in replaced)
        return Headers._from_items(kept + extra._items)

    def without(self, *names: str) -> Headers:
        """A new :class:`Headers` with ``names`` (case-insensitive) removed."""
        drop = {n.lower() for n in names}
        return Headers._from_items(tuple((k, v) for k, v in self._items if k.lower() not in drop))

    def __repr__(self) -> str:
        shown = [(k, "***" if k.lower() in _SECRET_HEADERS else v) for k, v in self._items]
        return f"Headers({shown!r})"


_new = object.__new__
_NO_HEADERS = Headers()
_ITEMS = Headers.__dict__["_items"]
"""The slot holding a :class:`Headers`' pairs (read and written by :class:`_DecodedOnUse`)."""


class _DecodedOnUse(Headers):
    """Headers made from raw pairs that ``decode`` turns into ``(str, str)`` pairs on first
    use: a response's headers are often never read (``Headers.lazy``)."""

    __slots__ = ("_decode", "_raw")
    _decode: Callable[[Any], tuple[tuple[str, str], ...]]
    _raw: Any

    @property
    def _items(self) -> tuple[tuple[str, str], ...]:  # type: ignore[override]
        try:
            items: tuple[tuple[str, str], ...] = _ITEMS.__get__(self, Headers)
        except AttributeError:
            items = self._decode(self._raw)
            _ITEMS.__set__(self, items)
        return items


def lazy_headers(raw: Any, decode: Callable[[Any], tuple[tuple[str, str], ...]]) -> Headers:
    """:class:`Headers` whose pairs are ``decode(raw)``, decoded on first use (a sender's
    hot path: decoding costs more than the rest of a small response's handling)."""
    new = _new(_DecodedOnUse)
    new._raw = raw
    new._decode = decode
    new._index_cache = None
    return new


def _headers(value: HeaderInput) -> Headers:
    return value if isinstance(value, Headers) else Headers(value)


def _str_param(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _params(value: Mapping[str, ParamValue] | Iterable[tuple[str, Any]] | None) -> tuple[tuple[str, str], ...]:
    """Normalise query parameters: ``None`` dropped, bools as ``true``/``false``, lists repeated."""
    if value is None:
        return ()
    pairs = value.items() if isinstance(value, Mapping) else value
    out: list[tuple[str, str]] = []
    for key, item in pairs:
        if item is None:
            continue
        if isinstance(item, (list, tuple, set, frozenset)):
            out.extend((str(key), _str_param(v)) for v in item)
        else:
            out.append((str(key), _str_param(cast(Union[str, int, float, bool], item))))
    return tuple(out)


def _mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value) if value else {}


def _upper(method: str) -> str:
    return method.upper()


@attrs.frozen(eq=True, hash=False, repr=False)
class Request:
    """One HTTP request, immutable.

    ``url`` is absolute (the client joins its ``base_url`` and the endpoint path);
    ``params`` is normalised to ``(name, value)`` string pairs; ``timeout`` is in
    seconds (``None``: the sender's default); ``data`` is a urlencoded form, ``json``
    a JSON body, ``content`` raw bytes, ``files`` a multipart upload as httpx takes it.
    ``stream=True`` asks for a streamed body (:attr:`Response.stream`).
    ``extensions`` carries per-request options for senders (e.g. ``"cache_ttl"``) and the
    client (``"anonymous": True`` sends the request without the client's credentials).
    """

    method: str = attrs.field(converter=_upper)
    url: str
    params: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_params)
    headers: Headers = attrs.field(factory=Headers, converter=_headers)
    data: Mapping[str, Any] | None = None
    json: Any = None
    content: bytes | None = None
    files: Any = None
    timeout: float | None = None
    extensions: Mapping[str, Any] = attrs.field(factory=dict, converter=_mapping)
    stream: bool = False

    @property
    def full_url(self) -> str:
        """``url`` with ``params`` appended as a query string (the cache key of a GET)."""
        if not self.params:
            return self.url
        sep = "&" if urlsplit(self.url).query else "?"
        return f"{self.url}{sep}{urlencode(self.params)}"

    @property
    def origin(self) -> tuple[str, str]:
        """``(scheme, host[:port])`` of ``url``, lower-cased."""
        parts = urlsplit(self.url)
        return parts.scheme.lower(), parts.netloc.lower()

    def evolve(self, **changes: Any) -> Request:
        """A copy with ``changes`` applied (``attrs.evolve``)."""
        return attrs.evolve(self, **changes)

    def _copy(self, **changes: Any) -> Request:
        """A copy with already-normalised ``changes`` (no converters run; internal hot path).
        Raises :class:`KeyError` for a name that is not a field."""
        new = new_request(
            self.method,
            self.url,
            self.params,
            self.headers,
            self.data,
            self.json,
            self.content,
            self.files,
            self.timeout,
            self.extensions,
            self.stream,
        )
        for name, value in changes.items():
            _SET_REQUEST[name](new, value)
        return new

    def with_headers(self, headers: HeaderInput) -> Request:
        """A copy whose headers are merged with ``headers`` (same names replaced)."""
        return self._copy(headers=self.headers.merge(headers))

    def with_extensions(self, **extensions: Any) -> Request:
        """A copy with ``extensions`` added."""
        return attrs.evolve(self, extensions={**self.extensions, **extensions})

    def __repr__(self) -> str:
        # The path only: never the query (signed links), user info nor the headers (tokens).
        return f"<Request {self.method} {_safe_url(self.url)}>"


_REQUEST_FIELDS = tuple(a.name for a in attrs.fields(Request))
_SET_REQUEST = {name: Request.__dict__[name].__set__ for name in _REQUEST_FIELDS}
"""Each field's slot setter (what :meth:`Request._copy` sets its changes with)."""
_build_request = field_constructor(Request)


def new_request(
    method: str,
    url: str,
    params: tuple[tuple[str, str], ...] = (),
    headers: Headers = _NO_HEADERS,
    data: Mapping[str, Any] | None = None,
    json: Any = None,
    content: bytes | None = None,
    files: Any = None,
    timeout: float | None = None,
    extensions: Mapping[str, Any] | None = None,
    stream: bool = False,
) -> Request:
    """A :class:`Request` from fields already in their normal form (``method`` upper-case,
    ``params`` string pairs, ``headers`` a :class:`Headers`, ``extensions`` a mapping the
    request may keep; ``None``: a new empty one): no converters or copies run, and the
    fields are stored as plain slots (:func:`boosty._slots.field_constructor`: a third of the
    instructions of a setter call per field). The client's hot path; everything else calls
    ``Request(...)``."""
    extensions = {} if extensions is None else extensions
    new: Request = _build_request(method, url, params, headers, data, json, content, files, timeout, extensions, stream)
    return new


async def _once(content: bytes) -> AsyncIterator[bytes]:
    if content:
        yield content


class ByteStream:
    """A response body read in chunks, for streamed requests (``Request(stream=True)``).

    Iterate it with ``for`` (sync chain) or ``async for`` (async chain), then close it.
    Subclasses implement the mode their sender serves.
    """

    def __iter__(self) -> Iterator[bytes]:
        raise TypeError("this stream belongs to an async sender: use 'async for'")

    def __aiter__(self) -> AsyncIterator[bytes]:
        raise TypeError("this stream belongs to a sync sender: use 'for'")

    def close(self) -> None:
        """Release the connection (sync streams)."""

    async def aclose(self) -> None:
        """Release the connection (async streams)."""


@attrs.frozen(eq=False, repr=False)
class Response:
    """One HTTP response, immutable.

    ``content`` is the raw body (``b""`` for a streamed response, whose body is read
    from ``stream``); ``headers`` is case-insensitive; ``elapsed`` is the time in seconds
    from sending to the whole body arriving (to the headers, for a streamed response);
    ``request`` is the request that was sent.
    """

    url: str
    status_code: int
    headers: Headers = attrs.field(converter=_headers)
    content: bytes
    request: Request
    elapsed: float = 0.0
    stream: ByteStream | None = None

    @property
    def is_success(self) -> bool:
        """``True`` for a 2xx status."""
        return 200 <= self.status_code < 300

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (invalid bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON; raises :class:`ValueError` if it is not JSON (or nested too
        deeply); a non-finite number becomes ``None`` with a :class:`boosty.ParseWarning`."""
        return decode_json(self.content)

    def evolve(self, **changes: Any) -> Response:
        """A copy with ``changes`` applied (``attrs.evolve``)."""
        return attrs.evolve(self, **changes)

    def iter_bytes(self) -> Iterator[bytes]:
        """The body in chunks: ``stream`` if streamed, else ``content`` in one piece.

        A streamed body is the stream's own iterator (no layer between it and the reader:
        one download reads thousands of chunks)."""
        if self.stream is None:
            return iter((self.content,) if self.content else ())
        return iter(self.stream)

    def aiter_bytes(self) -> AsyncIterator[bytes]:
        """The body in chunks, for async senders (the stream's own iterator, as above)."""
        if self.stream is None:
            return _once(self.content)
        return self.stream.__aiter__()

    def close(self) -> None:
        """Release a streamed response's connection (no-op otherwise)."""
        if self.stream is not None:
            self.stream.close()

    async def aclose(self) -> None:
        """Release a streamed response's connection, async (no-op otherwise)."""
        if self.stream is not None:
            await self.stream.aclose()

    def __repr__(self) -> str:
        return f"<Response {self.status_code} {self.request.method} {_safe_url(self.url)}>"


_build_response = field_constructor(Response)


def new_response(
    url: str,
    status_code: int,
    headers: Headers,
    content: bytes,
    request: Request,
    elapsed: float,
    stream: ByteStream | None = None,
) -> Response:
    """A :class:`Response` from fields already in their normal form (``headers`` a
    :class:`Headers`): no converter runs. For the senders' hot path."""
    new: Response = _build_response(url, status_code, headers, content, request, elapsed, stream)
    return new
