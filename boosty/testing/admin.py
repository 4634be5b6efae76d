"""The admin API of :class:`boosty.testing.FakeBoosty` that drives the fake's world.

Looking users up, the clock, and adding or changing posts, comments, subscribers, donations
and messages. Times are unix seconds (UTC), money in the blog currency; a name that does not
exist raises :class:`boosty.testing.WorldError`. Each method returns the changed thing as the
API renders it (``dict``) unless its docstring says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .._client.api._params import unix_seconds
from .blocks import paragraph, text_blocks
from .records import WorldError
from .render import View
from .state import FakeState
from .world import World

__all__ = ["WorldAdmin"]

JSON = dict[str, Any]


class WorldAdmin:
    """The world half of the fake's admin API; :class:`FakeBoosty` is the other half."""

    state: FakeState

    # -- world --------------------------------------------------------------------------------

    @property
    def world(self) -> World:
        """The live world (take ``world.lock`` around changes made directly).

        Touching it marks the world as changed, so the next :meth:`reset` rebuilds it.
        """
        self.state.dirty = True
        return self.state.world

    @property
    def _w(self) -> World:
        return self.state.world

    def _changing(self) -> World:
        self.state.dirty = True
        return self.state.world

    def reset(self) -> None:
        """Back to the seeded world: clock, tokens, faults and the request log reset too."""
        self.state.reset()

    def user_id(self, user: int | str) -> int:
        """The id of ``user`` (an id, or an alias: owner, subscriber, follower, stranger, cook, musician)."""
        return self._w.user(user).id

    def _view(self, user: int | str | None = "owner") -> View:
        return self.state.view(None if user is None else self.user_id(user))

    def now(self) -> float:
        """The fake's clock (unix s): real time plus :meth:`advance_time`."""
        return self.state.now()

    def advance_time(self, seconds: float) -> None:
        """Move the fake's clock forward: tokens and signed links expire as time passes."""
        self.state.advance(seconds)

    # -- admin: content ---------------------------------------------------------------------

    def add_post(
        self,
        blog: str = "demo",
        *,
        title: str = "New post",
        text: str | None = None,
        blocks: list[JSON] | None = None,
        price: float = 0,
        level: int | str | None = None,
        teaser: list[JSON] | None = None,
        publish_time: dt.datetime | float | None = None,
        tags: Iterable[str] = (),
    ) -> JSON:
        """Publish a post (now, unless ``publish_time``); returns its JSON as the blog owner sees it.

        ``blocks`` are API content blocks (see :mod:`boosty.testing.blocks`), or ``text`` makes
        paragraphs. ``level`` (id or name) or ``price`` makes it paid. ``publish_time`` is a
        ``datetime`` (naive = UTC) or unix seconds, kept as whole seconds as the API has it
        (e.g. ``fake.now() - 60``). Raises ``LookupError`` for an unknown blog or level,
        ``TypeError`` for a ``publish_time`` that is neither.
        """
        from .routes.posts import create_post

        content = list(blocks) if blocks is not None else text_blocks(text if text is not None else title)
        fields = {
            "title": title,
            "blocks": content,
            "price": price,
            "level": level,
            "teaser": teaser or [],
            "publish_time": unix_seconds(publish_time),
            "tags": list(tags),
            "deny_comments": False,
        }
        with self._changing().lock:
            post = create_post(self.world, blog, fields)
            return self._view().post(post)

    def update_post(self, blog: str, post_id: str, **changes: Any) -> JSON:
        """Change a post (``title``, ``blocks``, ``text``, ``price``, ``level``, ``teaser``, ``tags``,
        ``publish_time`` as :meth:`add_post` takes it...)."""
        from .routes.posts import update_post

        if "text" in changes:
            changes["blocks"] = text_blocks(changes.pop("text"))
        if "publish_time" in changes:
            changes["publish_time"] = unix_seconds(changes["publish_time"])  # as add_post takes it
        with self._changing().lock:
            post = self._w.post(blog, post_id)
            update_post(self.world, post, changes)
            return self._view().post(post)

    def delete_post(self, blog: str, post_id: str) -> None:
        """Delete a post (it disappears from lists; its URL answers 404)."""
        with self._changing().lock:
            self._w.post(blog, post_id).deleted = True

    def post(self, blog: str, post_id: str, *, user: int | str | None = "owner") -> JSON:
        """A post's JSON as ``user`` sees it (``None``: anonymous)."""
        with self._w.lock:
            return self._view(user).post(self._w.post(blog, post_id), frame=True)

    def posts(self, blog: str = "demo") -> list[JSON]:
        """All published posts of a blog, newest first, as the owner sees them."""
        with self._w.lock:
            view = self._view()
            return [view.post(p) for p in self._w.blog_posts(blog)]

    def add_comment(
        self,
        blog: str,
        post_id: str,
        *,
        text: str = "A comment",
        user: int | str = "subscriber",
        reply_to: int | None = None,
        blocks: list[JSON] | None = None,
    ) -> JSON:
        """Add a comment by ``user`` (a reply if ``reply_to`` is a comment ``intId``); returns its JSON."""
        with self._changing().lock:
            comment = self._w.add_comment(
                blog, post_id, author_id=self.user_id(user), blocks=blocks or paragraph(text), reply_to=reply_to
            )
            return self._view().comment(comment)

    # -- admin: subscribers and money ----------------------------------------------------------

    def add_subscriber(
        self,
        blog: str = "demo",
        *,
        name: str = "New Subscriber",
        level: int | str | None = None,
        price: float | None = None,
        email: str | None = None,
        user: int | str | None = None,
    ) -> JSON:
        """Subscribe a new user named ``name`` (or an existing ``user``) at ``level`` (default: cheapest paid).

        Returns the subscriber's JSON as ``GET /v1/blog/{blog}/subscribers`` lists it.
        """
        with self._changing().lock:
            found = self._w.level(blog, level) if level is not None else None
            if found is None:
                levels = self._w.blog_levels(blog)
                found = next((lv for lv in levels if lv.price > 0), levels[0] if levels else None)
            if found is None:
                raise WorldError(f"blog {blog!r} has no levels")
            who = self._w.user(user) if user is not None else self._w.add_user(name, email=email or "")
            if email is not None:
                who.email = email
            sub = self._w.subscribe(who.id, blog, found.id, price)
            return self._view().subscriber(sub)

    def remove_subscriber(self, blog: str, user: int | str) -> JSON:
        """End ``user``'s subscription: they leave the subscriber list. Returns their last JSON (inactive)."""
        with self._changing().lock:
            sub = self._w.unsubscribe(self.user_id(user), blog)
            return self._view().subscriber(sub)

    def change_subscriber_level(
        self, blog: str, user: int | str, level: int | str, *, price: float | None = None
    ) -> JSON:
        """Move ``user`` to another level (and price); returns the subscriber's JSON."""
        with self._changing().lock:
            sub = self._w.subscription(self.user_id(user), blog)
            found = self._w.level(blog, level)
            if sub is None or found is None:
                raise WorldError(f"{user!r} does not subscribe to {blog!r}")
            sub.level_id, sub.price = found.id, found.price if price is None else price
            return self._view().subscriber(sub)

    def add_donation(
        self,
        blog: str = "demo",
        *,
        user: int | str = "subscriber",
        amount: float = 100,
        post_id: str | None = None,
        target_id: int | None = None,
        message: str | None = None,
    ) -> JSON:
        """A donation (to a post if ``post_id``, else by message); returns it as the sales list shows it.

        A dialog donation also adds a message (``message`` or a default text) to the dialog.
        """
        with self._changing().lock:
            donor = self.user_id(user)
            donation = self._w.add_donation(blog, donor, amount, post_id=post_id, target_id=target_id)
            if post_id is None:
                owner = self._w.blog(blog).owner_id
                dialog = self._w.open_dialog(owner, donor)
                self._w.add_message(
                    dialog.id, donor, paragraph(message or f"A gift of {amount}"), donation_id=donation.id
                )
            return self._view().donation(donation)

    def add_message(
        self,
        text: str = "Hello!",
        *,
        sender: int | str = "subscriber",
        to: int | str = "owner",
        dialog_id: int | None = None,
        blocks: list[JSON] | None = None,
    ) -> JSON:
        """A direct message from ``sender`` to ``to`` (opening their dialog if needed); its JSON.

        The JSON carries ``dialogId``.
        """
        with self._changing().lock:
            author = self.user_id(sender)
            dialog = self._w.dialogs.get(dialog_id) if dialog_id is not None else None
            if dialog is None:
                dialog = self._w.open_dialog(author, self.user_id(to))
            message = self._w.add_message(dialog.id, author, blocks or paragraph(text))
            return self._view(author).message(message)
