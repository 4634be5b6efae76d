"""A bot for a blog owner: greets each new subscriber by direct message and answers comments.

Run it with a stored login (``boosty login``) and the blog's slug::

    python greeter.py my_blog

It polls once a minute; the state file remembers what it has seen, so a restart neither
greets anyone twice nor answers a comment twice. The project's tests run it against the
fake Boosty server (``tests/test_example_greeter.py``); the "Writing" guide shows how.
"""

from __future__ import annotations

import argparse
import logging

from boosty import Boosty, FileTokenStorage
from boosty.events import CommentEvent, EventType, SubscriberEvent

GREETING = "Welcome aboard, {name}! Thank you for subscribing: ask me anything here."
ANSWER = "Thank you for your comment, {name}!"


def install(client: Boosty) -> None:
    """Register the bot's two handlers on ``client`` (signed in as the blog's owner)."""
    me = client.current_user().id

    @client.on(EventType.NEW_SUBSCRIBER)
    def greet(event: SubscriberEvent) -> None:
        # Boosty opens no dialog on subscription: open it (or get the existing one), then write.
        dialog = client.dialog_create(event.subscriber.id)
        client.message_send(dialog.id, GREETING.format(name=event.subscriber.name or "friend"))

    @client.on(EventType.NEW_COMMENT)
    def answer(event: CommentEvent) -> None:
        author = event.comment.author
        if author is None or author.id == me:
            return  # never answer one's own comments (the bot's answers among them)
        text = ANSWER.format(name=author.name or "friend")
        client.comment_create(event.blog, event.post.id, text, reply_to=event.comment)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("blog", help="the slug of your blog")
    parser.add_argument("--base-url", default="https://api.boosty.to", help="the API origin")
    parser.add_argument("--interval", type=float, default=60.0, help="seconds between polls")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    with Boosty(token_storage=FileTokenStorage(), base_url=args.base_url) as client:
        install(client)
        client.start_polling(args.blog, interval=args.interval)


if __name__ == "__main__":
    main()
