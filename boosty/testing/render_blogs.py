"""The fake's JSON for blogs, subscription levels, subscriptions, donations and goals."""

from __future__ import annotations

from .records import Blog, Donation, Level, Subscription, Target
from .render_base import JSON, ViewBase, money, prices

__all__ = ["BlogView"]


class BlogView(ViewBase):
    """Blogs, levels, subscriptions, donations and goals, as the viewer sees them."""

    # -- blogs and levels ------------------------------------------------------------------

    def cover(self, blog: Blog) -> str:
        return f"{self.media}/blog/{blog.owner_id}/cover"

    def blog(self, blog: Blog) -> JSON:
        w = self.world
        owner = w.users[blog.owner_id]
        is_owner = w.is_owner(self.viewer, blog.url)
        sub = w.subscription(self.viewer, blog.url)
        kind = "none" if sub is None else ("paid" if sub.price else "free")
        rights = {k: is_owner for k in ("canSetPayout", "canCreate", "canDeleteComments", "canEdit")}
        return {
            "blogUrl": blog.url,
            "title": blog.title,
            "description": self.blocks(blog.description),
            "coverUrl": self.cover(blog),
            "owner": self.user(owner),
            "count": {
                "posts": len(w.blog_posts(blog.url)),
                "subscribers": len(w.subscribers(blog.url)),
                "showcase": sum(1 for s in w.showcase if s.blog_url == blog.url),
            },
            "flags": {
                "hasTargets": any(t.blog_url == blog.url for t in w.targets.values()),
                "showPostDonations": True,
                "allowIndex": True,
                "hasSubscriptionLevels": True,
                "isRssFeedEnabled": False,
                "allowGoogleIndex": True,
                "acceptDonationMessages": True,
            },
            "accessRights": {**rights, "canView": True, "canCreateComments": self.viewer is not None},
            "isSubscribed": sub is not None,
            "subscription": self.subscription(sub) if sub else None,
            "subscriptionKind": kind,
            "isOwner": is_owner,
            "isBlackListed": False,
            "isBlackListedByUser": False,
            "isReadOnly": False,
            "isTotalBaned": False,
            "hasAdultContent": blog.has_adult_content,
            "signedQuery": self.signer.query(f"blog-{blog.url}", self.lifetime) if self.viewer else "",
            "publicWebSocketChannel": f"blogger:{blog.owner_id}",
            "allowedPromoTypes": [],
            "socialLinks": blog.social_links,
            "currency": "RUB",
        }

    def level(self, level: Level) -> JSON:
        flags = {"isHidden": level.is_hidden, "isLimited": level.is_limited, "isArchived": False}
        return {
            "id": level.id,
            "name": level.name,
            "price": money(level.price),
            "changePrice": None,
            "currencyPrices": prices(level.price),
            "createdAt": level.created_at,
            "ownerId": level.owner_id,
            "deleted": level.deleted,
            **flags,
            "flags": flags,
            "archivedAt": None,
            "parentId": None,
            "parent": None,
            "badges": [],
            "data": self.blocks(level.description),
            "promos": [],
            "externalApps": {
                "discord": {"isConfigured": False, "data": {"role": {"id": "", "name": ""}}},
                "telegram": {"isConfigured": False, "groups": []},
            },
        }

    def subscriber(self, sub: Subscription) -> JSON:
        user = self.world.users[sub.user_id]
        black = any(uid == user.id for uid, _ in self.world.blogs[sub.blog_url].blacklist)
        return {
            **self.user(user, email=True),
            "isOfficial": False,
            "isBlackListed": black,
            "isFeePaid": sub.is_fee_paid,
            "canWrite": bool(sub.price),
            "subscribed": sub.status == "active",
            "status": sub.status,
            "onTime": sub.on_time,
            "offTime": sub.off_time,
            "nextPayTime": sub.next_pay_time,
            "price": money(sub.price),
            "payments": money(sub.payments),
            "levelId": sub.level_id,
            "promo": None,
            "level": self.level(self.world.levels[sub.level_id]),
        }

    def subscription(self, sub: Subscription) -> JSON:
        level = self.world.levels[sub.level_id]
        blog = self.world.blogs[sub.blog_url]
        owner = self.world.users[blog.owner_id]
        return {
            "id": sub.id,
            "levelId": level.id,
            "parentId": None,
            "name": level.name,
            "price": money(sub.price),
            "customPrice": money(sub.price),
            "period": 1,
            "onTime": sub.on_time,
            "offTime": sub.off_time,
            "nextPayTime": sub.next_pay_time,
            "isPause": False,
            "isSuspended": False,
            "isArchived": False,
            "isApplePayed": False,
            "isFeePaid": sub.is_fee_paid,
            "ownerId": owner.id,
            "subscriptionLevel": self.level(level),
            "blog": {
                "blogUrl": blog.url,
                "title": blog.title,
                "coverUrl": self.cover(blog),
                "hasAdultContent": blog.has_adult_content,
                "owner": self.user(owner),
                "flags": {
                    "showPostDonations": True,
                    "hasAdultContent": False,
                    "hasSubscriptionLevels": True,
                    "hasTargets": True,
                    "allowIndex": True,
                    "isRssFeedEnabled": False,
                },
            },
            "recommendedPromo": None,
        }

    # -- money -------------------------------------------------------------------------------

    def donation(self, donation: Donation) -> JSON:
        user = self.world.users[donation.user_id]
        return {
            "id": donation.id,
            "bloggerId": self.world.blogs[donation.blog_url].owner_id,
            "targetId": donation.target_id,
            "createdAt": donation.created_at,
            "amount": money(donation.amount),
            "type": donation.type,
            "isFeePaid": donation.is_fee_paid,
            "currencyAmounts": prices(donation.amount),
            "user": {**self.user(user, email=True), "currency": "RUB", "canWrite": True, "vkplayProfileLink": None},
        }

    def target(self, target: Target) -> JSON:
        owner = self.world.blogs[target.blog_url].owner_id
        return {
            "id": target.id,
            "type": target.type,
            "description": target.description,
            "targetSum": money(target.target_sum),
            "currentSum": money(target.current_sum),
            "bloggerId": owner,
            "bloggerUrl": target.blog_url,
            "bloggerCurrency": "RUB",
            "priority": target.priority,
            "createdAt": target.created_at,
            "finishTime": target.finish_time,
            "currencyTargetSums": prices(target.target_sum),
            "currencyCurrentSums": prices(target.current_sum),
        }
