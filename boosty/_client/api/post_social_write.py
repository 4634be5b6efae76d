"""Acting on a post as a reader: likes, reactions, poll votes (``boosty-api.md`` §2.4)."""

from __future__ import annotations

from collections.abc import Iterable

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._write import IDEMPOTENT_WRITE, flag, id_list, nothing, positive_int, reaction_name


class PostSocialWriteAPI(ClientBase):
    """Likes, reactions and poll votes (user)."""

    @endpoint(nothing)
    def post_like(self, blog: str, post_id: str, *, from_page: str | None = None) -> Request:
        """Like a post: ``POST /v1/blog/{blog}/post/{post_id}/like`` (no body). Auth: user.

        ``from_page`` is the optional UI context the web client sends (e.g. ``"blog"``).
        Returns ``None``. Liking twice leaves one like, so a :class:`~boosty.RetryingSender`
        may retry it. Raises :class:`~boosty.Unauthorised` anonymously,
        :class:`~boosty.NotFound` for an unknown post. Source: BK (from the web client;
        earlier versions used ``PUT``).
        """
        params = {"from_page": from_page}
        return self._request(
            "POST", "/v1/blog/{}/post/{}/like", blog, post_id, params=params, extensions=IDEMPOTENT_WRITE
        )

    @endpoint(nothing)
    def post_unlike(self, blog: str, post_id: str, *, from_page: str | None = None) -> Request:
        """Take back a like: ``DELETE /v1/blog/{blog}/post/{post_id}/like``. Auth: user.

        Returns ``None``. Raises as :meth:`post_like` does.
        """
        return self._request("DELETE", "/v1/blog/{}/post/{}/like", blog, post_id, params={"from_page": from_page})

    @endpoint(nothing)
    def post_react(self, blog: str, post_id: str, reaction: str, *, from_page: str | None = None) -> Request:
        """React to a post: ``POST /v1/blog/{blog}/post/{post_id}/reaction``, form ``reaction``.

        Auth: user. ``reaction`` is a name of ``boosty-api.md`` §4.15 (``"heart"``,
        ``"fire"``, ``"laught"``, ...). Returns ``None``. Raises :class:`ValueError` for an
        unknown reaction name (before any request), :class:`~boosty.Unauthorised`
        anonymously, :class:`~boosty.NotFound` for an unknown post. Source: BK.
        """
        data = {"reaction": reaction_name(reaction)}
        params = {"from_page": from_page}
        return self._request(
            "POST", "/v1/blog/{}/post/{}/reaction", blog, post_id, params=params, data=data, extensions=IDEMPOTENT_WRITE
        )

    @endpoint(nothing)
    def post_unreact(self, blog: str, post_id: str, *, from_page: str | None = None) -> Request:
        """Remove one's reaction: ``DELETE /v1/blog/{blog}/post/{post_id}/reaction``. Auth: user.

        Returns ``None``. Raises as :meth:`post_react` does. Source: BK.
        """
        return self._request("DELETE", "/v1/blog/{}/post/{}/reaction", blog, post_id, params={"from_page": from_page})

    @endpoint(nothing)
    def poll_vote(
        self,
        poll_id: int,
        answers: Iterable[int] | int,
        *,
        other: str | None = None,
        is_anonymous: bool = False,
    ) -> Request:
        """Vote in a poll: ``POST /v1/poll/{poll_id}/vote``. Auth: user.

        Form ``answer`` (the chosen option ids, comma-joined: one for a single-choice poll),
        ``other`` (free text, when the poll has an "other" option), ``is_anonymous``
        (``true``/``false``). Returns ``None``. Raises :class:`ValueError` /
        :class:`TypeError` for no or non-integer option ids (before any request),
        :class:`~boosty.BadRequest` for an option the poll does not have,
        :class:`~boosty.NotFound` for an unknown poll. Source: BK (from the web client; older
        BK used ``PUT /v1/blog/{blog}/poll/{poll_id}/answer/{option_id}``).
        """
        data = {"answer": id_list(answers, "answers"), "is_anonymous": flag(is_anonymous, "is_anonymous")}
        if other is not None:
            data["other"] = other
        return self._request("POST", "/v1/poll/{}/vote", positive_int(poll_id, "poll_id"), data=data)

    @endpoint(nothing)
    def poll_unvote(self, poll_id: int) -> Request:
        """Withdraw one's whole vote: ``DELETE /v1/poll/{poll_id}/vote``. Auth: user.

        Returns ``None``. Raises :class:`~boosty.NotFound` for an unknown poll. Source: BK.
        """
        return self._request("DELETE", "/v1/poll/{}/vote", positive_int(poll_id, "poll_id"))
