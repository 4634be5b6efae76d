"""Post writes: drafts, publishing, create, update, delete, deferred access (``boosty-api.md`` §2.4).

Bodies are ``application/x-www-form-urlencoded``; ``data`` and ``teaser_data`` are JSON
arrays of blocks ending with ``BLOCK_END``. Content with local images (Markdown
``![](photo.jpg)``) has them uploaded (:meth:`upload_image`) before the post is sent, so
these methods are flows of several requests. Every argument is checked before the first
request.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..._flow import Flow, call
from ..._sender._http import Request, Response
from ..base import ClientBase
from ..endpoint import endpoint
from ._extract import nested, unwrapped
from ._flows import flow_method
from ._params import TimeInput, unix_seconds
from .uploads import upload_source

if TYPE_CHECKING:
    from ..._model.compose import Content, ContentInput
    from ...models import DeferredAccess, Post, PostDraft
else:
    from ._models import DeferredAccess, Post, PostDraft

__all__ = ["PostsWriteAPI", "post_form"]

_PLACEHOLDER = {"type": "image", "id": "local"}


def _number(name: str, value: Any) -> str:
    """A non-negative number as the form sends it; :class:`TypeError`/:class:`ValueError` otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return format(number.normalize(), "f")


def _flag(value: bool, name: str = "flag") -> str:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    return "true" if value else "false"


def _tags(tags: Iterable[str] | str) -> str:
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    out = []
    for tag in items:
        if not isinstance(tag, str):
            raise TypeError(f"tags must be strings, got {type(tag).__name__}")
        if tag.strip():
            out.append(tag.strip())
    return ",".join(out)


def _as_content(content: ContentInput, name: str = "content") -> Content:
    from ..._model.compose import Content  # the composer loads with the first write, not the client

    if isinstance(content, str):
        if not content.strip():
            raise ValueError(f"{name}: must not be empty")
        return Content.text(content)
    if isinstance(content, Content):
        return content
    if isinstance(content, (bytes, bytearray)) or not isinstance(content, Iterable):
        raise TypeError(f"{name}: expected str, Content or a sequence of blocks, got {type(content).__name__}")
    return Content(content)


def post_form(
    *,
    title: str | None = None,
    price: Any = None,
    tags: Iterable[str] | str | None = None,
    deny_comments: bool | None = None,
    publish_time: TimeInput = None,
    level_id: int | None = None,
) -> dict[str, str]:
    """The form fields of a post write but ``data``/``teaser_data``, only those given.

    Raises :class:`TypeError` / :class:`ValueError` naming the bad argument.
    """
    form: dict[str, str] = {}
    if title is not None:
        if not isinstance(title, str):
            raise TypeError(f"title must be a str, not {type(title).__name__}")
        form["title"] = title
    if price is not None:
        form["price"] = _number("price", price)
    if tags is not None:
        form["tags"] = _tags(tags)
    if deny_comments is not None:
        form["deny_comments"] = _flag(deny_comments, "deny_comments")
    when = unix_seconds(publish_time)
    if when is not None:
        form["publish_time"] = str(when)
    if level_id is not None:
        if isinstance(level_id, bool) or not isinstance(level_id, int):
            raise TypeError(f"level_id must be an int, not {type(level_id).__name__}")
        form["subscription_level_id"] = str(level_id)
    return form


def _with_content(
    client: Any, form: dict[str, str], content: ContentInput | None, teaser: ContentInput | None
) -> Flow[dict[str, str]]:
    """Check the content, upload its local images, and return ``form`` with ``data``/``teaser_data``."""
    from ..._model.compose import content_blocks, content_json

    bodies = {k: _as_content(v, k) for k, v in (("content", content), ("teaser", teaser)) if v is not None}
    paths: dict[Path, None] = {}
    for body in bodies.values():
        content_blocks(body.with_uploads({p: _PLACEHOLDER for p in body.local_files}))  # empty → ValueError
        paths.update(dict.fromkeys(body.local_files))
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"content: no such image file: {path}")
        if not upload_source(path).content_type.startswith("image/"):
            raise ValueError(f"content: {path} is not an image")
    uploaded: dict[Path, Any] = {}
    for path in paths:
        uploaded[path] = yield call(client.upload_image, path)
    out = dict(form)
    for key, body in bodies.items():
        field = "data" if key == "content" else "teaser_data"
        out[field] = content_json(body.with_uploads(uploaded))
    return out


def _save_draft(
    client: Any, blog: str, title: str, content: ContentInput, teaser: ContentInput | None, **fields: Any
) -> Flow[PostDraft]:
    """Check everything, upload local images, then ``PUT .../post_draft``: the saved draft."""
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, not {type(title).__name__}")
    form = yield from _with_content(client, post_form(title=title, **fields), content, teaser)
    draft: PostDraft = yield call(client._draft_send, blog, form)
    return draft


_POST = unwrapped(Post)


def _published(payload: Any, response: Response) -> Post:
    """``data.post`` of the answer, or the whole body (as BL reads it)."""
    if isinstance(payload, dict) and isinstance(payload.get("data"), dict) and "post" in payload["data"]:
        payload = payload["data"]["post"]
    return _POST(payload, response)


def _nothing(payload: Any, response: Response) -> None:
    return None


class PostsWriteAPI(ClientBase):
    """Post writing endpoints (owner of the blog)."""

    def _draft_request(self, blog: str, form: dict[str, str]) -> Request:
        return self._request("PUT", "/v1/blog/{}/post_draft", blog, data=form)

    _draft_send = endpoint(nested(PostDraft, "data", "postDraft"))(_draft_request)

    @flow_method
    def draft_save(
        self,
        blog: str,
        title: str,
        content: ContentInput,
        *,
        price: float | Decimal | None = None,
        teaser: ContentInput | None = None,
        tags: Iterable[str] | str | None = None,
        deny_comments: bool | None = None,
        publish_time: TimeInput = None,
        level_id: int | None = None,
    ) -> Flow[PostDraft]:
        """Save the blog's post draft: ``PUT /v1/blog/{blog}/post_draft`` (form). Auth: owner.

        Form fields: ``title``, ``data`` (``content`` as blocks), and those given:
        ``price`` (the minimum donation to open it, ≥ 0), ``teaser_data`` (``teaser``),
        ``tags`` (comma-joined titles), ``deny_comments``, ``publish_time`` (unix s, from
        a ``datetime`` or seconds), ``subscription_level_id`` (``level_id``: the level
        that opens the post; no catalogue source sends a level, this is the fake's and,
        by assumption, the web editor's name). Local images of ``content`` are uploaded
        first (:meth:`upload_image`). This is step 1 of :meth:`post_create` (BL's flow).

        Returns the :class:`~boosty.PostDraft`. Raises :class:`ValueError` for empty
        content or a negative price, :class:`TypeError` for a price that is not a number,
        :class:`FileNotFoundError` for a missing local image (all before any request),
        :class:`~boosty.Forbidden` for anyone but the owner.
        """
        fields = {"price": price, "tags": tags, "deny_comments": deny_comments, "publish_time": publish_time}
        return (yield from _save_draft(self, blog, title, content, teaser, level_id=level_id, **fields))

    @endpoint(_published)
    def draft_publish(self, blog: str, *, is_showcase_visible: bool = False) -> Request:
        """Publish the blog's saved draft: ``POST /v1/blog/{blog}/post_draft/publish/``. Auth: owner.

        Form: ``is_showcase_visible`` (``true``/``false``: also list the post in the
        showcase). Returns the published :class:`~boosty.Post` (read from ``data.post``,
        or the whole body, as BL reads it). Raises :class:`~boosty.NotFound` without a
        draft, :class:`~boosty.Forbidden` for anyone but the owner.
        """
        form = {"is_showcase_visible": _flag(is_showcase_visible, "is_showcase_visible")}
        return self._request("POST", "/v1/blog/{}/post_draft/publish/", blog, data=form)

    @flow_method
    def post_create(
        self,
        blog: str,
        title: str,
        content: ContentInput,
        *,
        price: float | Decimal | None = None,
        teaser: ContentInput | None = None,
        tags: Iterable[str] | str | None = None,
        deny_comments: bool | None = None,
        publish_time: TimeInput = None,
        level_id: int | None = None,
        is_showcase_visible: bool = False,
    ) -> Flow[Post]:
        """Publish a new post: :meth:`draft_save` then :meth:`draft_publish`, the web client's
        two steps (``PUT /v1/blog/{blog}/post_draft``, ``POST .../post_draft/publish/``).

        Follows BL, whose draft flow is tested against the live API, rather than the
        one-step ``POST /v1/blog/{blog}/post/`` of BY/BK, whose body no source verified
        (catalogue §9.5). Local images of ``content`` are uploaded first. Arguments as
        :meth:`draft_save`, plus ``is_showcase_visible``.

        Returns the published :class:`~boosty.Post`. Raises what :meth:`draft_save` and
        :meth:`draft_publish` raise; bad arguments are refused before any request.
        Not idempotent: a failure after the draft was saved leaves the draft saved.
        """
        fields = {"price": price, "tags": tags, "deny_comments": deny_comments, "publish_time": publish_time}
        yield from _save_draft(self, blog, title, content, teaser, level_id=level_id, **fields)
        post: Post = yield call(self.draft_publish, blog, is_showcase_visible=is_showcase_visible)
        return post

    def _update_request(self, blog: str, post_id: str, form: dict[str, str]) -> Request:
        return self._request("PUT", "/v1/blog/{}/post/{}", blog, post_id, data=form)

    _update_send = endpoint(_published)(_update_request)

    @flow_method
    def post_update(
        self,
        blog: str,
        post_id: str,
        *,
        title: str | None = None,
        content: ContentInput | None = None,
        price: float | Decimal | None = None,
        teaser: ContentInput | None = None,
        tags: Iterable[str] | str | None = None,
        deny_comments: bool | None = None,
        publish_time: TimeInput = None,
        level_id: int | None = None,
    ) -> Flow[Post]:
        """Change a post: ``PUT /v1/blog/{blog}/post/{post_id}`` (form). Auth: owner.

        Sends only the fields given (names as :meth:`draft_save`; ``content`` → ``data``,
        ``teaser`` → ``teaser_data``); local images are uploaded first. Returns the
        updated :class:`~boosty.Post` (``data.post`` or the whole body, as BL reads it).
        Raises :class:`ValueError` when nothing is given or for bad values (before any
        request), :class:`~boosty.NotFound` for an unknown post, :class:`~boosty.Forbidden`
        for anyone but the owner.
        """
        form = post_form(
            title=title,
            price=price,
            tags=tags,
            deny_comments=deny_comments,
            publish_time=publish_time,
            level_id=level_id,
        )
        if not form and content is None and teaser is None:
            raise ValueError("post_update: give at least one field to change")
        form = yield from _with_content(self, form, content, teaser)
        post: Post = yield call(self._update_send, blog, post_id, form)
        return post

    @endpoint(_nothing)
    def post_delete(self, blog: str, post_id: str) -> Request:
        """Delete a post: ``DELETE /v1/blog/{blog}/post/{post_id}``. Auth: owner.

        Returns ``None``; the post's URL answers 404 afterwards. Raises
        :class:`~boosty.NotFound` for an unknown post, :class:`~boosty.Forbidden` for
        anyone but the owner.
        """
        return self._request("DELETE", "/v1/blog/{}/post/{}", blog, post_id)

    @endpoint(unwrapped(DeferredAccess))
    def deferred_access_update(
        self,
        blog: str,
        post_id: str,
        *,
        price: float | Decimal,
        apply_time: TimeInput,
        is_comments_denied: bool = False,
    ) -> Request:
        """Schedule a post's price change: ``PUT /v1/blog/{blog}/post/{post_id}/deferred_access``.

        Auth: owner. Form fields ``price`` (≥ 0), ``applyTime`` (unix s; a ``datetime``
        or seconds) and ``isCommentsDenied``. Sent as a form as BY does (BK sends JSON;
        neither is live-verified, catalogue §9.6, and form is the catalogue's default).
        Returns the :class:`~boosty.DeferredAccess` (``data`` unwrapped). Raises
        :class:`ValueError`/:class:`TypeError` for a bad price or time (before any request),
        :class:`~boosty.Forbidden` for anyone but the owner.
        """
        when = unix_seconds(apply_time)
        if when is None:
            raise ValueError("apply_time must be given")
        form = {
            "price": _number("price", price),
            "applyTime": str(when),
            "isCommentsDenied": _flag(is_comments_denied, "is_comments_denied"),
        }
        return self._request("PUT", "/v1/blog/{}/post/{}/deferred_access", blog, post_id, data=form)
