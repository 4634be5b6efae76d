"""Blog-level writes: showcase switch, bundle deletion, live stream chat (§2.2, §2.11, §2.12)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._write import content_json, flag, nothing, text

if TYPE_CHECKING:
    from ..._model.compose import ContentInput


class BlogsWriteAPI(ClientBase):
    """Writes on a blog's showcase, bundles and stream chat."""

    @endpoint(nothing)
    def showcase_set_enabled(self, blog: str, enabled: bool) -> Request:
        """Show or hide the blog's showcase: ``PUT /v1/blog/{blog}/showcase/status/``.

        Auth: the blog owner. Form ``is_enabled=true|false``. Returns ``None``. Raises
        :class:`TypeError` for a non-``bool`` (before any request), :class:`~boosty.Forbidden`
        for anyone but the owner. Sources disagree (``boosty-api.md`` §9.4): this follows
        RS/RSP/AJ (slash, form ``is_enabled``); BL's ``PUT .../showcase/status`` with JSON
        ``{"status": ...}`` has no other source.
        """
        data = {"is_enabled": flag(enabled, "enabled")}
        return self._request("PUT", "/v1/blog/{}/showcase/status/", blog, data=data)

    @endpoint(nothing)
    def bundle_delete(self, blog: str, bundle_id: str) -> Request:
        """Delete a bundle: ``DELETE /v1/blog/{blog}/bundle/{bundle_id}``. Auth: the blog owner.

        The bundle's posts stay. Returns ``None``. Raises :class:`~boosty.Forbidden` for
        anyone but the owner, :class:`~boosty.NotFound` for an unknown bundle. Source: BL.
        """
        return self._request("DELETE", "/v1/blog/{}/bundle/{}", blog, text(bundle_id, "bundle_id"))

    @endpoint(nothing)
    def stream_chat_send(self, blog: str, content: ContentInput) -> Request:
        """Write in the blog's live stream chat: ``POST /v1/blog/{blog}/video_stream/chat``.

        Auth: user. Form ``data``: ``content`` as a JSON array of blocks (a ``str`` is one
        literal paragraph). Returns ``None``. Raises :class:`ValueError` for empty content
        (before any request), :class:`~boosty.Unauthorised` anonymously,
        :class:`~boosty.NotFound` for a blog without a stream. Source: DR (single source).
        """
        return self._request("POST", "/v1/blog/{}/video_stream/chat", blog, data={"data": content_json(content)})
