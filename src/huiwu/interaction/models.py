"""The live interaction of a meeting: who takes part (participants, without an account), its polls and
their votes. Q&A and the lottery join here.

A poll's results are kept on the poll row (``counts``, ``voters``, ``seq``): every batch of votes
changes them in the transaction that writes the votes, under the poll's row lock, so ``seq`` grows with
every change and the newest result is the one with the highest ``seq`` on any process."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel


class StreamKind(models.TextChoices):
    HLS = "hls", _("HLS (.m3u8)")
    FLV = "flv", _("HTTP-FLV (.flv)")


class Live(TimeStampedModel):
    """A meeting's live interaction: its join code, its stream and the secret links of its screens."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="live")
    code = models.CharField(_("join code"), max_length=8, unique=True)
    screen_token = models.CharField(max_length=64, unique=True)  # the big screen's link
    client_token = models.CharField(max_length=64, unique=True)  # the client's live view
    stream_url = models.URLField(_("player URL"), max_length=500, blank=True)
    stream_kind = models.CharField(_("stream format"), max_length=3, choices=StreamKind.choices, blank=True)
    moderated = models.BooleanField(_("questions wait for a moderator before they are shown"), default=True)
    peak_viewers = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.code


class Participant(models.Model):
    """One phone or browser taking part; on site, tied to the badge its phone opened (one person, one
    participant). Its cookie holds its id, signed: nothing else identifies it."""

    live = models.ForeignKey(Live, on_delete=models.CASCADE, related_name="participants")
    attendee = models.ForeignKey(
        "attendees.Attendee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("display name"), max_length=30, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    watch_seconds = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["live", "attendee"],
                condition=Q(attendee__isnull=False),
                name="one_participant_a_badge",
            )
        ]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class PollKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    RATING = "rating", _("Rating")
    RANKING = "ranking", _("Ranking")
    WORDS = "words", _("Word cloud")
    TEXT = "text", _("Open text (moderated)")


class ShowResults(models.TextChoices):
    ALWAYS = "always", _("Always")
    VOTED = "voted", _("After voting")
    CLOSED = "closed", _("After closing")
    NEVER = "never", _("Never (moderator and client only)")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Poll(TimeStampedModel):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="polls")
    session = models.ForeignKey(
        "agenda.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="polls",
        verbose_name=_("session"),
    )  # fmt: skip
    cue = models.ForeignKey(
        "onsite.Cue", null=True, blank=True, on_delete=models.SET_NULL, related_name="polls",
        verbose_name=_("opened by the cue"),
    )  # fmt: skip
    question = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices, default=PollKind.SINGLE)
    # [{"id": "1", "label": "…"}]: the answers of a choice or ranking poll; ids never reused
    options = models.JSONField(default=list, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("at most, choices"), default=1)
    scale = models.PositiveSmallIntegerField(_("rating scale"), default=5)
    show_results = models.CharField(
        _("results shown"), max_length=6, choices=ShowResults.choices, default=ShowResults.ALWAYS
    )
    changeable = models.BooleanField(_("a vote may be changed until the poll closes"), default=False)
    status = models.CharField(max_length=6, choices=PollStatus.choices, default=PollStatus.DRAFT)
    position = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)  # tally key -> votes (or points)
    voters = models.PositiveIntegerField(default=0)
    seq = models.PositiveIntegerField(default=0)  # grows with every change of counts
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return self.question


class VoteStatus(models.TextChoices):
    SHOWN = "shown", _("Shown")
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Vote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    choice = models.JSONField()  # option ids, a rating, a ranking, words or a text (tally.normalise)
    status = models.CharField(max_length=8, choices=VoteStatus.choices, default=VoteStatus.SHOWN)
    at = models.DateTimeField()
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "participant"], name="one_vote_a_poll")]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.participant_id}"


# --- Q&A


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Shown")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another")


class Question(models.Model):
    live = models.ForeignKey(Live, on_delete=models.CASCADE, related_name="questions")
    session = models.ForeignKey(
        "agenda.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    name = models.CharField(max_length=30, blank=True)  # the asker's display name; empty when anonymous
    status = models.CharField(max_length=8, choices=QuestionStatus.choices, default=QuestionStatus.PENDING)
    held_for = models.CharField(max_length=100, blank=True)  # a sensitive word that held it, if any
    pinned = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    upvotes = models.PositiveIntegerField(default=0)
    asked_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["live", "status"])]

    def __str__(self) -> str:
        return self.text[:50]


class Upvote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "participant"], name="one_upvote_a_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.participant_id}"


class WordList(TimeStampedModel):
    """Sensitive words, one per line: the organisation's (no client) or a client's. A question containing
    one waits for a moderator even when questions are shown at once."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    words = models.TextField(_("sensitive words, one per line"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "client"], name="one_word_list_a_client"),
            models.UniqueConstraint(
                fields=["org"], condition=Q(client__isnull=True), name="one_word_list_an_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_id}:{self.client_id or '-'}"


# --- the lottery


class Pool(models.TextChoices):
    CHECKED_IN = "checked_in", _("Checked-in attendees of the meeting")
    CHECKED_IN_DAY = "checked_in_day", _("Checked-in attendees of one day")
    ONLINE = "online", _("Participants online")


class Prize(TimeStampedModel):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="prizes")
    tier = models.PositiveSmallIntegerField(_("tier"), default=1)  # 1 = the first prize
    name = models.CharField(_("prize"), max_length=100)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    pool = models.CharField(_("who may win"), max_length=16, choices=Pool.choices, default=Pool.CHECKED_IN)
    day = models.DateField(_("day"), null=True, blank=True)
    category = models.CharField(_("only this category"), max_length=10, blank=True)
    repeat_winners = models.BooleanField(_("someone who has won may win again"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["tier", "pk"]

    def __str__(self) -> str:
        return self.name


class DrawStatus(models.TextChoices):
    FROZEN = "frozen", _("Pool frozen, seed committed")
    DRAWN = "drawn", _("Drawn")


class Draw(models.Model):
    """One prize's draw: the pool frozen and hashed, the seed's hash committed before the draw and the
    seed revealed after it, so that anyone can recompute the winners (``fairness.py``)."""

    prize = models.OneToOneField(Prize, on_delete=models.CASCADE, related_name="draw")
    status = models.CharField(max_length=6, choices=DrawStatus.choices, default=DrawStatus.FROZEN)
    pool = models.TextField()  # the entries, sorted, one per line ("a<attendee id>" or "p<participant id>")
    pool_size = models.PositiveIntegerField()
    pool_hash = models.CharField(max_length=64)
    seed = models.CharField(max_length=64)  # secret until drawn
    seed_hash = models.CharField(max_length=64)
    frozen_at = models.DateTimeField()
    drawn_at = models.DateTimeField(null=True, blank=True)
    picks = models.PositiveIntegerField(default=0)  # how many of the sequence are used (winners and redraws)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.prize_id}:{self.status}"


class WinnerStatus(models.TextChoices):
    DRAWN = "drawn", _("Drawn")
    CONFIRMED = "confirmed", _("Confirmed")
    ABSENT = "absent", _("Absent: drawn again")


class Winner(models.Model):
    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="winners")
    position = models.PositiveIntegerField()  # its place in the sequence (0, 1, …)
    entry = models.CharField(max_length=20)
    attendee = models.ForeignKey(
        "attendees.Attendee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shown_as = models.CharField(max_length=40)  # the masked name the screen shows
    status = models.CharField(max_length=9, choices=WinnerStatus.choices, default=WinnerStatus.DRAWN)
    reason = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["draw", "position"], name="one_winner_a_pick")]

    def __str__(self) -> str:
        return self.shown_as


class Audience(models.Model):
    """How many sockets of a live interaction one server process holds, as of ``at`` (written every few
    seconds by each process; the viewers are the sum of the fresh rows)."""

    live = models.ForeignKey(Live, on_delete=models.CASCADE, related_name="+")
    process = models.CharField(max_length=64)
    sockets = models.PositiveIntegerField(default=0)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["live", "process"], name="one_audience_a_process")]

    def __str__(self) -> str:
        return f"{self.live_id}:{self.process}"
