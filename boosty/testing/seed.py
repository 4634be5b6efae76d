"""The seeded world: the same blogs, posts, comments, subscribers and dialogs for the same seed.

Blogs: ``demo`` (owned by the ``owner`` user; 260 posts with every block type, paid and
free, comments with replies, levels, subscribers with fractional prices, targets, bundles,
a showcase, a poll, dialogs, donations), ``cooking`` and ``music`` (smaller).
Users by alias: ``owner`` (id 424242, owns ``demo``), ``subscriber`` (Pro level of
``demo``), ``follower`` (free level), ``stranger`` (no subscription), ``cook`` and
``musician`` (own the other blogs).
"""

from __future__ import annotations

import random
from typing import Any, Final

from . import blocks as b
from .media import MediaItem
from .records import Blog, Bundle, Level, Poll, Post, ShowcaseItem, Target
from .world import World

__all__ = ["BASE_TIME", "DEMO_POSTS", "OWNER_ID", "populate", "register_media", "video_sizes"]

JSON = dict[str, Any]

BASE_TIME: Final = 1_700_000_000
"""Publish time of the oldest seeded post (unix s); posts follow every 12 hours."""
DEMO_POSTS: Final = 260
"""How many posts the seeded ``demo`` blog has."""
OWNER_ID: Final = 424242
"""User id of the ``owner`` user (owns ``demo``)."""

_QUALITIES: Final = (
    ("tiny", 144, 6_000),
    ("lowest", 240, 11_000),
    ("low", 360, 19_000),
    ("medium", 480, 30_000),
    ("high", 720, 52_000),
    ("full_hd", 1080, 90_000),
    ("quad_hd", 1440, 150_000),
    ("ultra_hd", 2160, 260_000),
)
_WORDS: Final = (
    "sketch",
    "devlog",
    "update",
    "studio",
    "release",
    "behind the scenes",
    "tutorial",
    "q&a",
    "patch notes",
    "livestream",
    "soundtrack",
    "concept art",
    "draft",
    "roadmap",
    "thanks",
)


def video_sizes(duration: int, height: int) -> dict[str, int]:
    """Bytes of each progressive quality of a video (qualities up to its ``height``)."""
    return {name: duration * rate + 4096 for name, px, rate in _QUALITIES if px <= max(height, 144)}


def register_media(world: World, post: Post) -> None:
    """Record the downloadable items of a post's blocks in ``world.media`` (scoped to the post)."""
    scope = post.id
    for block in post.blocks:
        kind = block.get("type")
        media_id = str(block.get("id", ""))
        if not media_id or media_id in world.media:
            continue
        if kind == "image":
            world.media[media_id] = MediaItem(
                media_id, "image", {"": int(block.get("size") or 1)}, str(block.get("title") or ""), scope
            )
        elif kind in ("file", "audio_file"):
            item_kind = "audio" if kind == "audio_file" else "file"
            size = int(block.get("size") or 1)
            world.media[media_id] = MediaItem(media_id, item_kind, {"": size}, str(block.get("title") or ""), scope)
        elif kind == "ok_video":
            sizes = video_sizes(int(block.get("duration") or 10), int(block.get("height") or 360))
            world.media[media_id] = MediaItem(media_id, "video", sizes, f"{block.get('title') or media_id}.mp4", scope)


class _Maker:
    def __init__(self, world: World, seed: int) -> None:
        self.w = world
        self.rng = random.Random(seed)

    def uuid(self) -> str:
        return self.w.new_uuid()

    def image(self, i: int, *, big: bool = False) -> JSON:
        ext = "png" if i % 2 else "jpg"
        size = 3_000_000 if big else 20_000 + (i * 7919) % 180_000
        width, height = (800 + i % 7 * 160, 600 + i % 5 * 90)
        return {
            "type": "image",
            "id": self.uuid(),
            "width": width,
            "height": height,
            "size": size,
            "rendition": "",
            "title": f"picture-{i}.{ext}",
            "isInvalid": None,
        }

    def ok_video(self, i: int, *, duration: int = 12, height: int = 720) -> JSON:
        vid = self.uuid()
        return {
            "type": "ok_video",
            "id": vid,
            "vid": str(9_000_000_000_000 + i),
            "title": f"clip-{i}",
            "url": "",
            "duration": duration,
            "width": height * 16 // 9,
            "height": height,
            "complete": True,
            "status": "ok",
            "uploadStatus": "ok",
            "isInvalid": None,
            "timeCode": 0,
            "viewsCounter": i * 3,
            "showViewsCounter": True,
            "previewId": vid,
        }

    def audio(self, i: int) -> JSON:
        return {
            "type": "audio_file",
            "id": self.uuid(),
            "title": f"track-{i}.mp3",
            "size": 150_000 + i * 911,
            "duration": 9 + i % 30,
            "complete": True,
            "uploadStatus": None,
            "fileType": "MP3",
            "artist": "Demo Artist",
            "album": "Demo Album",
            "track": f"Track {i}",
            "timeCode": 0,
            "viewsCounter": 0,
            "showViewsCounter": True,
            "isMigrated": False,
            "isInvalid": None,
        }

    def file(self, i: int, *, size: int | None = None, name: str | None = None) -> JSON:
        return {
            "type": "file",
            "id": self.uuid(),
            "title": name or f"attachment-{i}.zip",
            "size": size or 40_000 + i * 1237,
            "complete": True,
            "isMigrated": False,
            "isInvalid": None,
        }

    def unknown(self) -> JSON:
        return {"type": "hologram_message", "id": self.uuid(), "complete": True}

    def every_block(self, i: int, *, big: bool) -> list[JSON]:
        return [
            b.header("Every block type", 1),
            b.block_end(),
            *b.paragraph(
                "Bold, italic and underlined words.", [(b.BOLD, 0, 4), (b.ITALIC, 6, 6), (b.UNDERLINE, 18, 10)]
            ),
            b.text("Two inline blocks "),
            b.text("in one paragraph.", [(b.BOLD, 18, 6)]),
            b.block_end(),
            *b.paragraph(""),
            b.link("https://example.com/page", "A link to example.com"),
            b.block_end(),
            self.image(i),
            self.image(i + 1),
            {"type": "video", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
            self.ok_video(i, duration=20 if big else 8, height=1080 if big else 480),
            self.audio(i),
            self.file(i, size=24_000_000 if big else None, name="big-archive.zip" if big else None),
            b.smile("Heart", self.uuid()),
            b.list_block(["first", ("second", ["nested"]), "third"]),
            b.list_block(["apples", "pears"], ordered=False),
            self.unknown(),
            *b.paragraph("The end."),
        ]

    def demo_post_blocks(self, i: int, title: str) -> list[JSON]:
        out: list[JSON] = []
        if i % 4 == 1:
            out += [b.header(title.capitalize(), 2), b.block_end()]
        out += b.paragraph(f"Post number {i}: notes about {title}.", [(b.BOLD, 0, len(f"Post number {i}"))])
        if i % 3 == 0:
            out.append(self.image(i))
        if i % 4 == 1:
            out += [b.link(f"https://example.com/{i}"), b.block_end()]
        if i % 6 == 2:
            out.append({"type": "video", "url": f"https://vimeo.com/{100000 + i}"})
        if i % 8 == 5:
            out.append(self.ok_video(i, duration=6 + i % 7, height=(360, 480, 720)[i % 3]))
        if i % 9 == 4:
            out.append(self.audio(i))
        if i % 10 == 6:
            out.append(self.file(i))
        if i % 12 == 0:
            out += [b.smile("Smile", self.uuid()), b.list_block([f"point {i}", "another point"], ordered=i % 24 == 0)]
        if i % 50 == 25:
            out.append(self.unknown())
        out += b.paragraph("Thanks for reading!")
        return out


def _levels(world: World, blog_url: str, owner: int, specs: list[tuple[int, str, float]]) -> list[Level]:
    out = []
    for level_id, name, price in specs:
        level = Level(
            level_id,
            blog_url,
            name,
            price,
            BASE_TIME - 86400 * 30 + level_id,
            owner,
            b.paragraph(f"{name}: {'free posts' if not price else 'paid posts'}."),
            is_limited=price > 500,
        )
        world.levels[level_id] = level
        out.append(level)
    return out


def populate(world: World, seed: int = 0) -> None:
    """Fill an empty ``world`` with the seeded blogs, users and content."""
    m = _Maker(world, seed)
    rng = m.rng
    w = world
    owner = w.add_user("Demo Author", alias="owner", email="owner@example.com", user_id=OWNER_ID)
    owner.blog_url, owner.has_avatar = "demo", True
    subscriber = w.add_user("Sam Subscriber", alias="subscriber", email="sam@example.com", user_id=500001)
    follower = w.add_user("Fay Follower", alias="follower", email="fay@example.com", user_id=500002)
    stranger = w.add_user("Nick Nobody", alias="stranger", email="", user_id=500003)
    cook = w.add_user("Chef Carla", alias="cook", email="carla@example.com", user_id=424243)
    musician = w.add_user("Mo Musician", alias="musician", email="mo@example.com", user_id=424244)
    cook.blog_url, musician.blog_url = "cooking", "music"

    w.blogs["demo"] = Blog(
        "demo",
        "Demo blog",
        owner.id,
        b.paragraph("A demo blog of the fake Boosty server.", [(0, 0, 4)]),
        BASE_TIME - 86400 * 60,
        [{"type": "youtube", "url": "https://www.youtube.com/@demo"}],
    )
    w.blogs["cooking"] = Blog("cooking", "Cooking with Carla", cook.id, b.paragraph("Recipes."), BASE_TIME - 86400 * 90)
    w.blogs["music"] = Blog("music", "Music by Mo", musician.id, b.paragraph("Songs and stems."), BASE_TIME)
    demo_levels = _levels(
        w, "demo", owner.id, [(1000, "Follower", 0), (1001, "Basic", 100), (1002, "Pro", 350.5), (1003, "Patron", 1000)]
    )
    _levels(w, "cooking", cook.id, [(2000, "Follower", 0), (2001, "Gourmet", 250)])
    _levels(w, "music", musician.id, [(3000, "Follower", 0), (3001, "Fan", 99.9)])

    # -- demo posts ------------------------------------------------------------------------
    demo_posts: list[Post] = []
    for i in range(DEMO_POSTS):
        word = _WORDS[i % len(_WORDS)]
        title = f"{word.capitalize()} #{i}"
        level: int | None = None
        if i % 5 == 3:
            level = 1001
        elif i % 11 == 7:
            level = 1002
        elif i % 37 == 20:
            level = 1003
        if i == 250:
            title, level, blocks = "Every block type", None, m.every_block(i, big=True)
        elif i == 251:
            title, level, blocks = "Every block type (Pro)", 1002, m.every_block(i, big=False)
        else:
            blocks = m.demo_post_blocks(i, word)
        teaser = b.paragraph(f"A preview of {title} for subscribers.") if level else []
        post = w.add_post(
            "demo",
            title=title,
            blocks=blocks,
            level=level,
            teaser=teaser,
            publish_time=BASE_TIME + i * 43_200,
            tags=[word, "demo"] if i % 2 else [word],
        )
        post.likes, post.views, post.is_pinned = (i * 7) % 23, 100 + i * 13, i == 17
        register_media(w, post)
        demo_posts.append(post)

    for name, blog_url, count, paid_level in (("Recipe", "cooking", 30, 2001), ("Song", "music", 12, 3001)):
        for i in range(count):
            blocks = (
                b.paragraph(f"{name} {i}.") + ([m.image(i)] if i % 2 else []) + ([m.audio(i)] if name == "Song" else [])
            )
            post = w.add_post(
                blog_url,
                title=f"{name} {i}",
                blocks=blocks,
                level=paid_level if i % 3 == 2 else None,
                teaser=b.paragraph("Teaser") if i % 3 == 2 else [],
                publish_time=BASE_TIME + 3600 + i * 86_400,
            )
            register_media(w, post)

    # -- subscribers ---------------------------------------------------------------------------
    w.subscribe(subscriber.id, "demo", 1002, 350.5, on_time=BASE_TIME + 1000, payments=1402.0)
    w.subscribe(follower.id, "demo", 1000, 0, on_time=BASE_TIME + 2000, payments=0)
    w.subscribe(subscriber.id, "cooking", 2000, 0, on_time=BASE_TIME + 3000, payments=0)
    w.subscribe(owner.id, "music", 3001, 99.9, on_time=BASE_TIME + 4000, payments=299.7)
    fans = []
    for k in range(45):
        fan = w.add_user(f"Fan {k:02d}", email="" if k % 6 == 5 else f"fan{k:02d}@example.com", user_id=40_592_700 + k)
        fan_level = demo_levels[k % 4]
        price = fan_level.price + (0.25 if k % 5 == 1 and fan_level.price else 0)
        w.subscribe(
            fan.id,
            "demo",
            fan_level.id,
            price,
            on_time=BASE_TIME + 5000 + k * 7200,
            payments=round(price * (1 + k % 4), 2),
        )
        fans.append(fan)
    w.blogs["demo"].blacklist.append((fans[-1].id, BASE_TIME + 500_000))

    # -- comments -----------------------------------------------------------------------------
    commenters = [subscriber.id, follower.id, owner.id, *[f.id for f in fans[:8]]]
    for i, post in enumerate(demo_posts):
        n = 45 if i == 250 else ((i % 7) + 2 if i % 10 == 0 else 0)
        for c in range(n):
            author = commenters[(i + c) % len(commenters)]
            text = [*b.paragraph(f"Comment {c} on {post.title}")]
            if c % 9 == 4:
                text.insert(1, b.smile("Fire", m.uuid()))
            root = w.add_comment(
                "demo", post.id, author_id=author, blocks=text, created_at=post.publish_time + 60 * (c + 1)
            )
            if c % 4 == 0:
                for r in range(3 if i == 250 else 1):
                    replier = commenters[(i + c + r + 1) % len(commenters)]
                    w.add_comment(
                        "demo",
                        post.id,
                        author_id=replier,
                        blocks=b.paragraph(f"Reply {r} to comment {c}"),
                        reply_to=root.int_id,
                        created_at=root.created_at + 30 * (r + 1),
                    )

    # -- targets, bundles, showcase, poll -----------------------------------------------------
    for tid, kind, desc, goal, cur in (
        (600101, "money", "New microphone", 120000.5, 45230.43),
        (600102, "money", "Studio rent", 900000.0, 18750.56),
        (600103, "subscribers", "100 subscribers", 100, 47),
    ):
        w.targets[tid] = Target(tid, "demo", kind, desc, goal, cur, tid - 600100, BASE_TIME + tid - 600000)
    w.targets[600201] = Target(600201, "cooking", "money", "New oven", 50000, 1200.5, 1, BASE_TIME)
    paid = [p for p in demo_posts if p.level_id is not None]
    for n, (title, price, chosen) in enumerate((("Best of Basic", 300, paid[:6]), ("Pro pack", 990.99, paid[6:10]))):
        bundle = Bundle(
            m.uuid(),
            "demo",
            title,
            f"{title}: {len(chosen)} posts",
            price,
            [p.id for p in chosen],
            BASE_TIME + 100_000 * (n + 1),
            thumbnail_id=m.uuid(),
        )
        w.bundles[bundle.id] = bundle
        for p in chosen:
            p.bundle_ids.append(bundle.id)
    for pos, post in enumerate((demo_posts[250], demo_posts[200], demo_posts[100], demo_posts[3]), start=1):
        w.showcase.append(ShowcaseItem(700 + pos, "demo", post.id, pos, is_visible=pos != 4))
        post.is_showcase_visible = pos != 4
    voters = [f.id for f in fans[:12]]
    w.polls[101] = Poll(101, "demo", "Which one next?", [(1, "A sequel", voters[:7]), (2, "Something new", voters[7:])])
    demo_posts[240].poll_id = 101

    # -- dialogs, donations -------------------------------------------------------------------
    d1 = w.open_dialog(owner.id, subscriber.id)
    for k in range(35):
        author = owner.id if k % 3 == 0 else subscriber.id
        w.add_message(
            d1.id, author, b.paragraph(f"Message {k}"), created_at=BASE_TIME + 200_000 + k * 600, is_read=k < 33
        )
    for other, count in ((follower.id, 3), (stranger.id, 1)):
        dialog = w.open_dialog(owner.id, other)
        for k in range(count):
            w.add_message(dialog.id, other, b.paragraph(f"Hello #{k}"), created_at=BASE_TIME + 300_000 + other % 97 + k)
    d4 = w.open_dialog(subscriber.id, cook.id)
    w.add_message(d4.id, subscriber.id, b.paragraph("Great recipe!"), created_at=BASE_TIME + 400_000)
    for k in range(12):
        donor = [subscriber, follower, *fans[:4]][k % 6]
        amount = round(50 + rng.random() * 950, 2)
        when = BASE_TIME + 500_000 + k * 3600
        if k % 2:
            donation = w.add_donation("demo", donor.id, amount, post_id=demo_posts[200 + k].id, created_at=when)
        else:
            donation = w.add_donation("demo", donor.id, amount, target_id=600101, created_at=when)
            dialog = w.open_dialog(owner.id, donor.id)
            w.add_message(
                dialog.id, donor.id, b.paragraph(f"A gift of {amount}"), created_at=when, donation_id=donation.id
            )
    for dialog in w.dialogs.values():
        dialog.created_at = min(
            (msg.created_at for msg in w.messages.values() if msg.dialog_id == dialog.id), default=BASE_TIME
        )
