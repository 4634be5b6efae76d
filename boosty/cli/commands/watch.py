"""``boosty watch``: print a blog's events (new posts, comments, subscribers, donations, messages)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from ...events import (
    CommentEvent,
    DonationEvent,
    Event,
    EventType,
    MessageEvent,
    PostEvent,
    SubscriberEvent,
    default_state_path,
)
from ..app import State, cli, json_option, pass_state
from ..output import as_json

__all__ = ["watch"]

_CHOICES = [t.value for t in EventType]
# The event sources of a blog's state (boosty.events.sources).
_SOURCES = ("posts", "comments", "post_donations", "donations", "subscribers", "dialogs")


def _short(text: str, width: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def describe(event: Event) -> str:
    """One human line for ``event``: when, what, and what it is about."""
    when = event.detected_at.strftime("%Y-%m-%d %H:%M:%S")
    what = event.type.value
    if isinstance(event, CommentEvent):
        about = f"{event.comment.author.name if event.comment.author else '?'} on {event.post.title!r}: "
        about += _short(event.comment.text, 60)
    elif isinstance(event, PostEvent):
        about = f"{event.post.title!r} {event.post.url}"
    elif isinstance(event, SubscriberEvent):
        about = f"{event.subscriber.name} (level {event.subscriber.level.name if event.subscriber.level else '-'})"
    elif isinstance(event, DonationEvent):
        donor = event.donation.user if event.donation else None
        source = event.post.title if event.post else (donor.name if donor else "")
        about = f"{event.amount} ({source})"
    elif isinstance(event, MessageEvent):
        about = f"{event.dialog.chatmate.name if event.dialog.chatmate else '?'}: {_short(event.message.text, 60)}"
    else:  # pragma: no cover - every event class is listed above
        about = ""
    return f"{when}  {what:<27} {about}".rstrip()


def _first_run(where: str | Path, slug: str) -> bool:
    """Whether the state (a file, or a ``redis://`` URL) holds no snapshot of blog ``slug`` yet
    (no file, or no event source of the blog initialised: this run takes the first snapshot)."""
    from ..._redis import is_redis_url
    from ...events.state import StateStore

    store: StateStore
    if isinstance(where, str):
        if not is_redis_url(where):
            return True  # polling refuses it with the reason
        from ...events.redis_state import RedisStateStore

        store = RedisStateStore(where)
    elif not where.exists():
        return True
    else:
        store = StateStore(where)
    with store:
        return not any(store.initialised(slug, source) for source in _SOURCES)


@cli.command(short_help="Print a blog's events as they happen (new posts, comments, subscribers...).")
@click.argument("slug")
@click.option(
    "--events",
    "kinds",
    metavar="TYPES",
    help=f"Comma-separated event types (default: all your access allows): {', '.join(_CHOICES)}.",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds between polls.",
)
@click.option(
    "--state",
    "state_path",
    help="SQLite state file (default: under the user state dir; with --fake, a file of its own);"
    " restarts resume from it. Or a redis:// URL that several watchers share (each event printed once).",
)
@click.option("--once", is_flag=True, help="Poll once, print what is new, and exit (for cron).")
@json_option(help_text="Print one JSON object a line instead of text lines.")
@pass_state
def watch(state: State, slug: str, kinds: str | None, interval: float, state_path: str | None, once: bool) -> None:
    """Print SLUG's events as they happen, one a line (JSON lines with --json); Ctrl-C stops.

    The first run of a state file takes a snapshot and says so on stderr (events after
    that moment are reported); later runs print only what is new since, including what
    happened while it was not running.
    """
    state.subject = f"blog {slug!r}"
    events: list[EventType] | None = None
    if kinds:
        try:
            events = [EventType(kind.strip().lower()) for kind in kinds.split(",") if kind.strip()]
        except ValueError as exc:
            raise click.BadParameter(f"{exc}; choose from {', '.join(_CHOICES)}", param_hint="--events") from exc
    # A URL stays a string: redis:// is shared state, another scheme an EventsError (not a file).
    where: str | Path | None = state_path if state_path is None or "://" in state_path else Path(state_path)
    if where is None and state.fake:
        # The fake's blogs are not the real ones of the same name: keep their snapshots apart.
        where = default_state_path().with_name("events-fake.sqlite3")
    client: Any = state.client()
    options: dict[str, Any] = {"state": where, "events": events}
    first = _first_run(where if where is not None else default_state_path(), slug)
    since = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    if once:
        found = client.poll_once(slug, **options)
        stream: Any = iter(found)
    else:
        stream = client.watch(slug, interval=interval, **options)
    if first:
        state.output.status(
            f"first run: took a snapshot of {slug}; events after {since} will be reported"
            + (" by the next run" if once else "")
        )
    for event in stream:
        click.echo(as_json(event) if state.output.json_mode else describe(event))
