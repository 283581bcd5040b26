"""The live interaction: its set-up, polls, questions, the lottery and the client's figures."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from .base import Id, In


class LiveOut(Schema):
    id: int
    meeting_id: int
    code: str = Field(description="the join code participants type")
    join_url: str
    watch_url: str = Field(description="the stream's player with the interaction beside it")
    screen_url: str = Field(description="the big screen (a secret link)")
    speaker_url: str = Field(description="the speaker's tablet (a secret link)")
    client_url: str = Field(description="the client's live view (a secret link)")
    stream_url: str
    stream_kind: str
    moderated: bool
    version: int = Field(ge=0, le=2**31 - 1)


class LiveIn(In):
    stream_url: str = Field(default="", max_length=500)
    stream_kind: str = Field(default="", max_length=3, description="hls | flv (blank: from the address)")
    moderated: bool | None = None
    version: int = Field(ge=0, le=2**31 - 1)


class PollIn(In):
    question: str = Field(max_length=200)
    kind: str = Field(default="single", description="single | multiple | rating | ranking | words | text")
    options: list[str] = Field(default_factory=list, max_length=50)
    max_choices: int = Field(default=1, ge=0, le=1000)
    scale: int = Field(default=5, ge=0, le=1000)
    show_results: str = Field(default="always", description="always | voted | closed | never")
    changeable: bool = False
    session_id: Id | None = None
    cue_id: Id | None = Field(default=None, description="the run-of-show cue that opens and closes it")


class PollPatchIn(PollIn):
    version: int = Field(ge=0, le=2**31 - 1)


class PollOut(Schema):
    id: int
    meeting_id: int
    question: str
    kind: str
    options: list[dict[str, Any]]
    max_choices: int
    scale: int
    show_results: str
    changeable: bool
    status: str
    session_id: int | None
    cue_id: int | None
    counts: dict[str, int]
    voters: int
    seq: int
    version: int = Field(ge=0, le=2**31 - 1)


class VersionIn(In):
    version: int | None = Field(default=None, ge=0, le=2**31 - 1)


class LiveQuestionOut(Schema):
    id: int
    text: str
    name: str
    status: str
    held_for: str
    pinned: bool
    upvotes: int
    session_id: int | None
    merged_into_id: int | None
    asked_at: dt.datetime


class QuestionDecideIn(In):
    action: str = Field(description="approve | reject | answered | pin | unpin")


class MergeIn(In):
    into: Id = Field(description="the question this one repeats")


class PrizeIn(In):
    tier: int = Field(default=1, ge=0, le=1000)
    name: str = Field(max_length=100)
    quantity: int = Field(default=1, ge=0, le=100000)
    pool: str = Field(default="checked_in", description="checked_in | checked_in_day | online")
    day: dt.date | None = None
    category: str = Field(default="", max_length=10)
    repeat_winners: bool = False


class WinnerOut(Schema):
    id: int
    position: int
    entry: str
    shown_as: str
    status: str
    reason: str


class PrizeOut(Schema):
    id: int
    tier: int
    name: str
    quantity: int
    pool: str
    day: dt.date | None
    category: str
    repeat_winners: bool
    draw_status: str | None = Field(description="none | frozen | drawn")
    pool_size: int | None
    pool_hash: str | None
    seed_hash: str | None
    seed: str | None = Field(description="revealed once drawn")
    winners: list[WinnerOut]


class RedrawIn(In):
    reason: str = Field(max_length=200)


class LiveFiguresOut(Schema):
    viewers: int
    peak: int
    participants: int
    active: int = Field(description="participants who voted or asked")
    participation: int = Field(description="percent")
    watch_hours: float = Field(description="watch time per person who watched, hours")
