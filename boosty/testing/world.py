"""The fake's state: users, blogs, posts, comments, subscriptions, dialogs... and how they change.

Entities are plain mutable records; :class:`World` holds them, answers who may see what,
and applies changes (from the HTTP routes and from the admin API of
:class:`boosty.testing.FakeBoosty`). One re-entrant lock guards it all: take ``world.lock``
around any read-modify-write. JSON rendering lives in :mod:`boosty.testing.render`.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable

from .media import MediaItem
from .records import (
    JSON,
    Blog,
    Bundle,
    Comment,
    Dialog,
    Donation,
    Level,
    Message,
    Notification,
    Poll,
    Post,
    ShowcaseItem,
    Subscription,
    Target,
    User,
    WorldError,
)

__all__ = ["World"]


class World:
    """All state of one fake server. ``clock()`` is the fake's "now" (unix seconds)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.users: dict[int, User] = {}
        self.aliases: dict[str, int] = {}
        self.blogs: dict[str, Blog] = {}
        self.levels: dict[int, Level] = {}
        self.posts: dict[str, Post] = {}
        self.comments: dict[int, Comment] = {}
        self.subscriptions: list[Subscription] = []
        self.targets: dict[int, Target] = {}
        self.bundles: dict[str, Bundle] = {}
        self.showcase: list[ShowcaseItem] = []
        self.dialogs: dict[int, Dialog] = {}
        self.messages: dict[int, Message] = {}
        self.donations: dict[int, Donation] = {}
        self.notifications: list[Notification] = []
        self.polls: dict[int, Poll] = {}
        self.media: dict[str, MediaItem] = {}
        self.drafts: dict[str, JSON] = {}
        # Account and chat state the write routes change (routes/account_writes.py, blog_writes.py).
        self.reactions: dict[tuple[str, int], str] = {}  # (post or comment id, user id) -> reaction
        self.locales: dict[int, str] = {}
        self.dialog_settings: dict[int, JSON] = {}
        self.notification_switches: dict[tuple[int, str, str], bool] = {}  # (user, transport, switch)
        self.sessions_ended: set[int] = set()
        self.stream_chat: list[tuple[str, int, list[JSON], int]] = []  # (blog, author, blocks, time)
        self.uploads: dict[str, JSON] = {}
        self.deferred_access: dict[str, JSON] = {}
        self._counters: dict[str, int] = {}
        self._uuid_counter = 0

    # -- ids -----------------------------------------------------------------------------

    def next_id(self, kind: str, start: int) -> int:
        with self.lock:
            value = self._counters.get(kind, start) + 1
            self._counters[kind] = value
            return value

    def new_uuid(self) -> str:
        with self.lock:
            self._uuid_counter += 1
            return str(uuid.UUID(int=(0x5EED << 96) | self._uuid_counter, version=4))

    def now(self) -> int:
        return int(self.clock())

    # -- lookups ---------------------------------------------------------------------------

    def user(self, ref: int | str) -> User:
        """A user by id or alias (``"owner"``, ``"subscriber"``...)."""
        user_id = self.aliases.get(ref, -1) if isinstance(ref, str) else ref
        if user_id not in self.users:
            raise WorldError(f"no such user: {ref!r}")
        return self.users[user_id]

    def blog(self, url: str) -> Blog:
        blog = self.blogs.get(url)
        if blog is None:
            raise WorldError(f"no such blog: {url!r}")
        return blog

    def post(self, blog_url: str, post_id: str) -> Post:
        post = self.posts.get(post_id)
        if post is None or post.blog_url != blog_url or post.deleted:
            raise WorldError(f"no such post in {blog_url!r}: {post_id!r}")
        return post

    def level(self, blog_url: str, ref: int | str | None) -> Level | None:
        """A level of ``blog_url`` by id or name; ``None`` stays ``None``."""
        if ref is None:
            return None
        for level in self.levels.values():
            if level.blog_url == blog_url and (level.id == ref or level.name == ref):
                return level
        raise WorldError(f"no such level in {blog_url!r}: {ref!r}")

    def blog_levels(self, blog_url: str) -> list[Level]:
        return sorted((lv for lv in self.levels.values() if lv.blog_url == blog_url and not lv.deleted), key=_price)

    def blog_posts(self, blog_url: str) -> list[Post]:
        """Published posts of a blog, newest first (by ``sortOrder`` then ``intId``)."""
        now = self.now()
        posts = [p for p in self.posts.values() if p.blog_url == blog_url and not p.deleted and p.publish_time <= now]
        return sorted(posts, key=lambda p: (p.publish_time, p.int_id), reverse=True)

    def subscription(self, user_id: int | None, blog_url: str) -> Subscription | None:
        if user_id is None:
            return None
        for sub in self.subscriptions:
            if sub.user_id == user_id and sub.blog_url == blog_url:
                return sub
        return None

    def subscribers(self, blog_url: str) -> list[Subscription]:
        return [s for s in self.subscriptions if s.blog_url == blog_url]

    def is_owner(self, user_id: int | None, blog_url: str) -> bool:
        blog = self.blogs.get(blog_url)
        return blog is not None and user_id is not None and blog.owner_id == user_id

    def can_view(self, post: Post, user_id: int | None) -> bool:
        """Whether ``user_id`` (``None``: anonymous) has access to the post's content."""
        if post.level_id is None and not post.price:
            return True
        if self.is_owner(user_id, post.blog_url):
            return True
        sub = self.subscription(user_id, post.blog_url)
        if sub is None or sub.status != "active":
            return False
        needed = self.levels.get(post.level_id) if post.level_id is not None else None
        have = self.levels.get(sub.level_id)
        if have is None:
            return False
        return have.price >= (needed.price if needed else post.price)

    def post_comments(self, post_id: str) -> list[Comment]:
        """Comments of a post (roots and replies), oldest first."""
        return sorted((c for c in self.comments.values() if c.post_id == post_id and not c.deleted), key=_int_id)

    def user_dialogs(self, user_id: int) -> list[Dialog]:
        """The user's dialogs, the one with the newest message first."""
        dialogs = [d for d in self.dialogs.values() if user_id in (d.user_a, d.user_b)]

        def newest(dialog: Dialog) -> int:
            ids = [m.id for m in self.messages.values() if m.dialog_id == dialog.id]
            return max(ids, default=0)

        return sorted(dialogs, key=newest, reverse=True)

    def dialog_messages(self, dialog_id: int) -> list[Message]:
        """Messages of a dialog, newest first."""
        return sorted((m for m in self.messages.values() if m.dialog_id == dialog_id), key=_id, reverse=True)

    def dialog_between(self, a: int, b: int) -> Dialog | None:
        for dialog in self.dialogs.values():
            if {dialog.user_a, dialog.user_b} == {a, b}:
                return dialog
        return None

    # -- changes ---------------------------------------------------------------------------

    def add_user(self, name: str, *, alias: str | None = None, email: str = "", user_id: int | None = None) -> User:
        with self.lock:
            uid = user_id if user_id is not None else self.next_id("user", 41_000_000)
            user = User(uid, name, email or f"user{uid}@example.com", nick_color=uid % 16, has_avatar=uid % 3 == 0)
            self.users[uid] = user
            if alias:
                self.aliases[alias] = uid
            return user

    def add_post(
        self,
        blog_url: str,
        *,
        title: str,
        blocks: list[JSON],
        price: float = 0,
        level: int | str | None = None,
        teaser: list[JSON] | None = None,
        publish_time: int | None = None,
        tags: Iterable[str] = (),
        post_id: str | None = None,
        deny_comments: bool = False,
    ) -> Post:
        with self.lock:
            self.blog(blog_url)
            lv = self.level(blog_url, level)
            when = self.now() if publish_time is None else publish_time
            post = Post(
                id=post_id or self.new_uuid(),
                int_id=self.next_id("post", 5_000_000),
                blog_url=blog_url,
                title=title,
                blocks=blocks,
                publish_time=when,
                teaser=list(teaser or []),
                price=lv.price if lv is not None and not price else price,
                level_id=lv.id if lv is not None else None,
                created_at=when,
                updated_at=when,
                tags=[(self.tag_id(t), t) for t in tags],
                deny_comments=deny_comments,
            )
            self.posts[post.id] = post
            return post

    def tag_id(self, title: str) -> int:
        return 1_300_000 + sum(ord(ch) * (i + 1) for i, ch in enumerate(title)) % 99_991

    def add_comment(
        self,
        blog_url: str,
        post_id: str,
        *,
        author_id: int,
        blocks: list[JSON],
        reply_to: int | None = None,
        created_at: int | None = None,
    ) -> Comment:
        with self.lock:
            post = self.post(blog_url, post_id)
            parent_id = reply_id = reply_to_user = None
            if reply_to is not None:
                answered = self.comments.get(reply_to)
                if answered is None or answered.post_id != post.id:
                    raise WorldError(f"no comment {reply_to!r} on post {post_id!r}")
                parent_id = answered.parent_id or answered.int_id
                reply_id = answered.int_id
                reply_to_user = answered.author_id
            comment = Comment(
                id=self.new_uuid(),
                int_id=self.next_id("comment", 10_000_000),
                blog_url=blog_url,
                post_id=post.id,
                author_id=author_id,
                blocks=blocks,
                created_at=self.now() if created_at is None else created_at,
                parent_id=parent_id,
                reply_id=reply_id,
                reply_to_user_id=reply_to_user,
            )
            self.comments[comment.int_id] = comment
            return comment

    def subscribe(
        self,
        user_id: int,
        blog_url: str,
        level_id: int,
        price: float | None = None,
        *,
        on_time: int | None = None,
        payments: float | None = None,
    ) -> Subscription:
        with self.lock:
            level = self.levels[level_id]
            sub = self.subscription(user_id, blog_url)
            when = self.now() if on_time is None else on_time
            amount = level.price if price is None else price
            if sub is None:
                sub = Subscription(self.next_id("subscription", 39_000_000), user_id, blog_url, level_id, amount, when)
                self.subscriptions.append(sub)
            sub.level_id, sub.price, sub.status, sub.off_time = level_id, amount, "active", None
            sub.next_pay_time = when + 30 * 86400 if amount else None
            sub.payments = amount if payments is None else payments
            sub.is_fee_paid = bool(amount)
            self.notify(self.blog(blog_url).owner_id, "subscriber_new", user_id, level_id, when)
            return sub

    def unsubscribe(self, user_id: int, blog_url: str) -> Subscription:
        with self.lock:
            sub = self.subscription(user_id, blog_url)
            if sub is None:
                raise WorldError(f"user {user_id} does not subscribe to {blog_url!r}")
            self.subscriptions.remove(sub)
            sub.status, sub.off_time = "inactive", self.now()
            return sub

    def notify(self, user_id: int, kind: str, author_id: int, level_id: int | None, when: int) -> Notification:
        with self.lock:
            note = Notification(self.next_id("notification", 9_000_000), user_id, kind, when, author_id, level_id)
            self.notifications.append(note)
            return note

    def open_dialog(self, a: int, b: int) -> Dialog:
        with self.lock:
            dialog = self.dialog_between(a, b)
            if dialog is None:
                dialog = Dialog(self.next_id("dialog", 3_300_000), a, b, self.now())
                self.dialogs[dialog.id] = dialog
            return dialog

    def add_message(
        self,
        dialog_id: int,
        author_id: int,
        blocks: list[JSON],
        *,
        created_at: int | None = None,
        donation_id: int | None = None,
        is_read: bool = False,
    ) -> Message:
        with self.lock:
            if dialog_id not in self.dialogs:
                raise WorldError(f"no such dialog: {dialog_id!r}")
            message = Message(
                self.next_id("message", 47_000_000),
                dialog_id,
                author_id,
                blocks,
                self.now() if created_at is None else created_at,
                is_read,
                donation_id,
            )
            self.messages[message.id] = message
            return message

    def add_donation(
        self,
        blog_url: str,
        user_id: int,
        amount: float,
        *,
        post_id: str | None = None,
        target_id: int | None = None,
        created_at: int | None = None,
    ) -> Donation:
        with self.lock:
            self.blog(blog_url)
            donation = Donation(
                self.next_id("donation", 5_550_000),
                blog_url,
                user_id,
                amount,
                "post" if post_id else "dialog",
                self.now() if created_at is None else created_at,
                post_id,
                target_id,
            )
            self.donations[donation.id] = donation
            if target_id is not None and target_id in self.targets:
                self.targets[target_id].current_sum += amount
            return donation


def _price(level: Level) -> tuple[float, int]:
    return level.price, level.id


def _int_id(comment: Comment) -> int:
    return comment.int_id


def _id(message: Message) -> int:
    return message.id
