"""Polls of posts (``GET /v1/blog/{blog}/poll/{poll_id}``) and their voters."""

from __future__ import annotations

import datetime as dt

import attrs

from .converter import Model
from .user import User

__all__ = ["Poll", "PollOption", "PollVoterList", "PollVoterListData", "PollVoterListExtra"]


@attrs.frozen(repr=False)
class PollVoterListData(Model):
    """The ``data`` of a voter list."""

    voters: list[User] = attrs.field(factory=list)
    _repr_fields = ("voters",)


@attrs.frozen(repr=False)
class PollVoterListExtra(Model):
    """Paging flags of a voter list (``offset`` is an index)."""

    is_last: bool = False
    offset: int | None = None
    _repr_fields = ("is_last", "offset")


@attrs.frozen(repr=False)
class PollVoterList(Model):
    """The first voters of a poll option, embedded in the poll."""

    data: PollVoterListData = attrs.field(factory=PollVoterListData)
    extra: PollVoterListExtra = attrs.field(factory=PollVoterListExtra)
    _repr_fields = ("extra",)

    @property
    def voters(self) -> list[User]:
        """The voters on this page."""
        return self.data.voters


@attrs.frozen(repr=False)
class PollOption(Model):
    """A poll option: ``counter`` votes, ``fraction`` of all votes (0.0 to 1.0)."""

    id: int
    text: str = ""
    counter: int = 0
    fraction: float = 0.0
    voters: PollVoterList | None = None
    _repr_fields = ("id", "text", "counter")


@attrs.frozen(repr=False)
class Poll(Model):
    """A poll of a post (``GET /v1/blog/{blog}/poll/{poll_id}``).

    ``title`` is a list of strings (see :attr:`title_text`); ``answer`` lists the option ids
    the viewer chose. ``finish_time`` is UTC, ``None`` when the poll has no end.
    """

    id: int
    title: list[str] = attrs.field(factory=list)
    is_multiple: bool = False
    is_finished: bool = False
    finish_time: dt.datetime | None = None
    counter: int = 0
    default_lang: str = ""
    has_other: bool = False
    answer: list[int] = attrs.field(factory=list)
    other: str = ""
    options: list[PollOption] = attrs.field(factory=list)
    _repr_fields = ("id", "title_text", "counter")

    @property
    def title_text(self) -> str:
        """The title as one string."""
        return " ".join(part for part in self.title if part)
