"""Parsing a list response into a :class:`~boosty.Page`, one item at a time."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from .._errors import ParseError
from .._sender._http import Request, Response
from .page import Page, page_factory
from .refs import resolve
from .schemes import Scheme, _dig

__all__ = ["PageParser", "paged"]

T = TypeVar("T")


class PageParser(Generic[T]):
    """Parses a list response into a :class:`Page` of ``item`` models.

    Items sit at ``items_path`` in the body (``("data",)``, ``("data", "posts")``, ...; a
    missing path is an empty page). Each item is parsed on its own: one that fails is
    reported as :class:`~boosty.ParseWarning` and kept raw in ``Page.skipped``, so a whole
    page never fails because of one odd item. A body that is not an object, or items that
    are not a list, raise :class:`~boosty.ParseError`.

    ``item`` may be a model not imported yet (:class:`~boosty._client.refs.ModelRef`): it
    and the converter are imported on the first parse.
    """

    def __init__(self, item: type[T], scheme: Scheme, items_path: Sequence[str] = ("data",)) -> None:
        self.item = item
        self.scheme = scheme
        self.items_path = tuple(items_path)
        self._where = ".".join(self.items_path)
        self._hook: Callable[[Any, Any], Any] | None = None
        self._fast: Callable[[Any], Any] | None = None
        self._build: Callable[..., Page[T]] = Page

    def __call__(self, payload: Any, response: Response) -> Page[T]:
        return self.parse(payload, None)

    def bind(self, request: Request, previous: Page[T] | None = None) -> Callable[[Any, Response], Page[T]]:
        """A parser for the response to ``request`` (following ``previous``, if any)."""

        def parse(payload: Any, response: Response) -> Page[T]:
            return self.parse(payload, request, previous)

        return parse

    def _prepare(self) -> Callable[[Any, Any], Any]:
        """The item hook, made on the first parse (importing the model and the converter)."""
        from .._model.converter import fast_for, hook_for

        cls = self.item = resolve(self.item)
        self._build = page_factory()
        fast = fast_for(cls)
        if fast is not None:
            self._fast = fast
            hook: Callable[[Any, Any], Any] = lambda value, _: fast(value)  # noqa: E731
        else:
            hook = hook_for(cls)
        self._hook = hook
        return hook

    def parse(self, payload: Any, request: Request | None, previous: Page[T] | None = None) -> Page[T]:
        """The :class:`Page` in ``payload`` (decoded JSON) fetched by ``request``."""
        if not isinstance(payload, dict):
            raise ParseError(f"expected a JSON object with {self._where}, got {type(payload).__name__}")
        path = self.items_path
        raw = payload.get(path[0]) if len(path) == 1 else _dig(payload, *path)
        if raw is None:
            raw = []
        elif not isinstance(raw, list):
            raise ParseError(f"expected a list of items, got {type(raw).__name__}", path=self._where)
        skipped: list[Any] = []
        hook = self._hook
        if hook is None:
            hook = self._prepare()
        cls = self.item
        items: list[T] = []
        append = items.append
        fast = self._fast
        if fast is not None:
            try:  # the common case in one tight loop; from a failing item on, the careful loop
                for value in raw:
                    append(fast(value))
            except Exception:
                pass
        for index in range(len(items), len(raw)):
            value = raw[index]
            try:
                append(hook(value, cls))
            except Exception:
                from .._model.converter import ParseWarning, structure

                try:  # again, for the error's path (or a value, if it was a fluke)
                    append(structure(value, cls))
                    continue
                except ParseError as exc:
                    where = f"{self._where}[{index}]" + (f".{exc.path}" if exc.path else "")
                    warnings.warn(f"skipped an item at {where}: {exc}", ParseWarning, stacklevel=2)
                skipped.append(value)
        collected = (previous._collected if previous is not None else 0) + len(raw)
        cursor, is_last, total = self.scheme.read(payload, raw, request, collected)
        if cursor == "":
            cursor = None
        if isinstance(payload.get("extra"), dict):
            extra: dict[str, Any] = payload["extra"]
        else:
            extra = {k: v for k, v in payload.items() if k != self.items_path[0]}
        # positional, in field order: items, is_last, total, offset, extra, skipped,
        # request, scheme, parser, received, collected
        page: Page[T] = self._build(
            items, is_last or not raw, total, cursor, extra, skipped, request, self.scheme, self, len(raw), collected
        )
        if not page.is_last and self.scheme._next_cursor(page) is None:
            object.__setattr__(page, "is_last", True)  # not yet seen by anyone: settle it here
        return page


def paged(item: type[T], scheme: Scheme, items_path: Sequence[str] = ("data",)) -> PageParser[T]:
    """A parser of pages of ``item`` found at ``items_path``, paged by ``scheme``."""
    return PageParser(item, scheme, items_path)
