"""The fake's JSON for posts, polls, comments, bundles and the showcase."""

from __future__ import annotations

from collections.abc import Iterable

from .blocks import plain_text
from .records import Bundle, Comment, Poll, Post, ShowcaseItem
from .render_base import JSON, REACTIONS, money, prices
from .render_blogs import BlogView

__all__ = ["PostView", "excerpt"]


class PostView(BlogView):
    """Posts, polls, comments, bundles and showcase items, as the viewer sees them."""

    # -- posts -------------------------------------------------------------------------------

    def signed_query(self, post: Post) -> str:
        return self.signer.query(post.id, self.lifetime)

    def post(self, post: Post, *, comments_limit: int = 0, reply_limit: int = 0, frame: bool = False) -> JSON:
        w = self.world
        access = w.can_view(post, self.viewer)
        signed = self.signed_query(post) if access else ""
        level = w.levels.get(post.level_id) if post.level_id is not None else None
        comments = [c for c in w.post_comments(post.id) if c.parent_id is None]
        all_comments = w.post_comments(post.id)
        donations = [d for d in w.donations.values() if d.post_id == post.id]
        total = sum(d.amount for d in donations)
        reactions = {k: 0 for k in REACTIONS}
        reactions["like"] = post.likes
        shown = comments[-comments_limit:] if comments_limit > 0 else []
        out: JSON = {
            "id": post.id,
            "int_id": post.int_id,
            "intId": post.int_id,
            "title": post.title,
            "createdAt": post.created_at,
            "updatedAt": post.updated_at,
            "publishTime": post.publish_time,
            "sortOrder": post.publish_time,
            "isPublished": True,
            "isDeleted": False,
            "isBlocked": False,
            "isPinned": post.is_pinned,
            "isRecord": False,
            "isWaitingVideo": False,
            "isMarketing": False,
            "promo": None,
            "hasAccess": access,
            "hasAdultContent": False,
            "hasAIContent": False,
            "forbiddenChangeHasAIContent": False,
            "isCommentsDenied": post.deny_comments,
            "reactionsDisabled": False,
            "isLiked": False,
            "showViewsCounter": True,
            "isShowcaseVisible": post.is_showcase_visible,
            "showcaseStatus": None,
            "bundleIds": list(post.bundle_ids),
            "advertiserInfo": None,
            "price": money(post.price),
            "currencyPrices": prices(post.price),
            "donations": money(total),
            "currencyDonations": prices(total),
            "donators": {"data": [self.donation(d) for d in donations[:10]], "extra": {"isLast": len(donations) <= 10}},
            "signedQuery": signed,
            "user": self.author(w.users[w.blogs[post.blog_url].owner_id]),
            "tags": [{"id": tid, "title": title} for tid, title in post.tags],
            "subscriptionLevel": self.level(level) if level else None,
            "teaser": self.blocks(post.teaser),
            "contentCounters": _counters(post.blocks),
            "count": {"likes": post.likes, "comments": len(all_comments), "views": post.views, "reactions": reactions},
            "reactionCounters": [{"type": "like", "count": post.likes}] if post.likes else [],
            "reacted": None,
            "comments": {
                "data": [self.comment(c, reply_limit) for c in shown],
                "extra": {"isFirst": len(shown) == len(comments), "isLast": True},
            },
            "poll": self.poll(w.polls[post.poll_id]) if post.poll_id in w.polls else None,
            "data": self.blocks(post.blocks, signed) if access else [],
        }
        if frame:
            out["frame"] = self._frame(post)
        return out

    def _frame(self, post: Post) -> JSON:
        posts = self.world.blog_posts(post.blog_url)
        index = next((i for i, p in enumerate(posts) if p.id == post.id), None)

        def ref(i: int) -> JSON | None:
            if index is None or not 0 <= i < len(posts):
                return None
            return {"id": posts[i].id, "title": posts[i].title, "publishTime": posts[i].publish_time}

        return {"previous": ref(index + 1) if index is not None else None, "next": ref(index - 1) if index else None}

    def media_post(self, post: Post, media: list[JSON]) -> JSON:
        access = self.world.can_view(post, self.viewer)
        signed = self.signed_query(post) if access else ""
        return {
            "post": {
                "id": post.id,
                "title": post.title,
                "hasAccess": access,
                "price": money(post.price),
                "publishTime": post.publish_time,
                "signedQuery": signed,
                "teaser": self.blocks(post.teaser),
                "subscriptionLevelId": post.level_id,
            },
            "media": self.blocks(media, signed) if access else [],
        }

    def poll(self, poll: Poll) -> JSON:
        total = sum(len(v) for _, _, v in poll.options) or 1
        return {
            "id": poll.id,
            "title": [poll.title],
            "isMultiple": poll.is_multiple,
            "isFinished": False,
            "finishTime": None,
            "counter": sum(len(v) for _, _, v in poll.options),
            "defaultLang": "en",
            "hasOther": False,
            "answer": [],
            "other": "",
            "options": [
                {
                    "id": oid,
                    "text": text,
                    "counter": len(v),
                    "fraction": round(len(v) / total, 4),
                    "voters": {"data": {"voters": []}, "extra": {"isLast": True, "offset": 0}},
                }
                for oid, text, v in poll.options
            ],
        }

    # -- comments ----------------------------------------------------------------------------

    def comment(self, comment: Comment, reply_limit: int = 0) -> JSON:
        w = self.world
        replies = [c for c in w.post_comments(comment.post_id) if c.parent_id == comment.int_id]
        reactions = {k: 0 for k in REACTIONS}
        reactions["like"] = comment.likes
        reply_to = w.users.get(comment.reply_to_user_id or -1)
        out: JSON = {
            "id": comment.id,
            "intId": comment.int_id,
            "post": {"id": comment.post_id},
            "author": self.commenter(w.users[comment.author_id]),
            "createdAt": comment.created_at,
            "updatedAt": None,
            "isDeleted": False,
            "isBlocked": False,
            "isUpdated": False,
            "replyCount": len(replies),
            "data": self.blocks(comment.blocks),
            "reactions": reactions,
            "reactionCounters": [{"type": "like", "count": comment.likes}],
            "reacted": None,
            "parentId": comment.parent_id,
            "replyId": comment.reply_id,
            "replyToUser": self.user(reply_to) if reply_to else None,
            "replies": None,
        }
        if comment.parent_id is None:
            shown = replies[:reply_limit] if reply_limit > 0 else []
            out["replies"] = {
                "data": [self.comment(r) for r in shown],
                "extra": {"isFirst": True, "isLast": len(shown) >= len(replies)},
            }
        return out

    # -- catalogue -------------------------------------------------------------------------

    def bundle(self, bundle: Bundle) -> JSON:
        w = self.world
        posts = [w.posts[pid] for pid in bundle.post_ids if pid in w.posts]
        access = all(w.can_view(p, self.viewer) for p in posts)
        blocks = [blk for p in posts for blk in p.blocks]
        return {
            "id": bundle.id,
            "title": bundle.title,
            "description": bundle.description,
            "price": money(bundle.price),
            "currencyPrices": prices(bundle.price),
            "hidden": bundle.hidden,
            "hasAccess": access,
            "createdAt": bundle.created_at,
            "updatedAt": bundle.created_at,
            "publishedAt": bundle.created_at,
            "deletedAt": None,
            "blogId": w.blogs[bundle.blog_url].owner_id,
            "publishedPostsCounter": len(posts),
            "accessiblePostsCounter": sum(1 for p in posts if w.can_view(p, self.viewer)),
            "sorting": "date_desc",
            "contentCounters": _counters(blocks),
            "thumbnail": {
                "id": bundle.thumbnail_id,
                "title": bundle.title,
                "url": f"{self.media}/preview/{bundle.thumbnail_id}",
                "rendition": "original",
                "type": "image",
                "width": 800,
                "height": 600,
                "size": 0,
            },
        }

    def bundle_item(self, bundle: Bundle, post: Post, position: int) -> JSON:
        return {
            **self.post(post),
            "position": position,
            "bundleId": bundle.id,
            "postId": post.id,
            "change": "",
            "isDraft": False,
            "bundles": [self.bundle(self.world.bundles[b]) for b in post.bundle_ids],
        }

    def showcase_item(self, item: ShowcaseItem) -> JSON:
        return {
            "showcaseItemId": item.id,
            "itemType": "post",
            "isVisible": item.is_visible,
            "itemId": item.post_id,
            "position": item.position,
            "post": self.post(self.world.posts[item.post_id]),
        }


def _counters(blocks: Iterable[JSON]) -> list[JSON]:
    counts: dict[str, list[int]] = {}
    for block in blocks:
        kind = str(block.get("type"))
        if kind == "text" and block.get("modificator") == "BLOCK_END":
            continue
        entry = counts.setdefault(kind, [0, 0])
        entry[0] += 1
        entry[1] += int(block.get("size") or 0)
    return [{"type": kind, "count": c, "size": s} for kind, (c, s) in counts.items()]


def excerpt(post: Post) -> str:
    """The visible text of a post (for search)."""
    return plain_text(post.blocks)
