"""Feedback: the organisation's topics (what people ask about, with the words that name them), the feedback
station at the tea break (a public QR page per meeting), its answers (one per badge or phone a day) and the
frequent requests it raised (same topic from N people within M minutes → a task due today)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel


class Topic(TimeStampedModel):
    """What people ask about (the crowded tea break, the temperature, the sound …): chosen on the station,
    and the words that find it in free text (the themes of the answers)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("topic"), max_length=40)
    words = models.CharField(
        _("words that name it"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="feedback_topic_once")]
        verbose_name = _("feedback topic")
        verbose_name_plural = _("feedback topics")

    def __str__(self) -> str:
        return self.name

    @property
    def word_list(self) -> list[str]:
        return [w.strip().lower() for w in self.words.replace("，", ",").split(",") if w.strip()]


class Station(TimeStampedModel):
    """A feedback station of a meeting (the tea-break area, the exhibition hall): a QR to a public page."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="feedback_stations")
    name = models.CharField(_("station"), max_length=80)
    token = models.CharField(max_length=40, unique=True)
    is_open = models.BooleanField(_("taking answers"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("feedback station")
        verbose_name_plural = _("feedback stations")

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    """One answer at a station: a quick rating (1-5), the topic of the request (chosen, or found in the
    text), free text. One a day per badge (the phone that opened its e-badge) or, without one, per phone."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="answers")
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField(_("day"))
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    topic_found = models.BooleanField(default=False)  # found in the text, not chosen
    text = models.TextField(_("comment"), blank=True)
    attendee = models.ForeignKey(
        "attendees.Attendee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    device = models.CharField(max_length=64, blank=True)  # the phone's cookie, hashed
    created_at = models.DateTimeField(_("answered"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["meeting", "topic", "created_at"], name="feedback_answer_topic")]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "day", "attendee"],
                condition=Q(attendee__isnull=False),
                name="feedback_once_per_badge",
            ),
            models.UniqueConstraint(
                fields=["station", "day", "device"], condition=~Q(device=""), name="feedback_once_per_phone"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"
            ),
        ]
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")

    def __str__(self) -> str:
        return f"{self.station_id}/{self.day}/{self.pk}"


class Surge(models.Model):
    """A frequent request: ``count`` people asked about ``topic`` within the catalogue's window; the PM's task
    to act on it today. Once per topic while its task is open; again the same day only if it comes back
    after the task is done (``number``)."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="feedback_surges")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    number = models.PositiveSmallIntegerField(default=1)
    count = models.PositiveIntegerField(_("people"))
    window = models.PositiveIntegerField(_("within (minutes)"))
    first_at = models.DateTimeField(_("first asked"))
    task = models.ForeignKey(
        "events.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "topic", "day", "number"], name="feedback_surge_once")
        ]
        verbose_name = _("frequent request")
        verbose_name_plural = _("frequent requests")

    def __str__(self) -> str:
        return f"{self.topic_id}×{self.count} ({self.day})"
