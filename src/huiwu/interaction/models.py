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
