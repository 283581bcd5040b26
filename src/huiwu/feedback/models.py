"""Feedback: the organisation's topics (what people ask about, with the words that name them), the feedback
station at the tea break (a public QR page per meeting), its answers (one per badge or phone a day) and the
frequent requests it raised (same topic from N people within M minutes → a task due today)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
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


# --- the survey after the meeting ----------------------------------------------------------------


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SATISFACTION = "satisfaction", _("Overall satisfaction (1-10)")
    NPS = "nps", _("Would recommend (0-10, NPS)")
    RATING = "rating", _("Rating (1-5)")
    SESSION = "session", _("A session's rating (1-5)")
    CHOICE = "choice", _("One choice")
    MULTI = "multi", _("Several choices")
    TEXT = "text", _("Free text")


class Survey(TimeStampedModel):
    """The satisfaction survey of a meeting: built by the organisation (questions of several kinds, one
    per session from the agenda), sent at T+1 to the attendees who came (each by a personal link), a
    reminder later to those who have not answered, one answer per person."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField(
        "events.Meeting", on_delete=models.CASCADE, related_name="satisfaction_survey"
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    send_at = models.DateTimeField(_("sent at"), null=True, blank=True)  # when the invitations go
    remind_after = models.PositiveSmallIntegerField(_("reminder after (hours)"), default=24)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    script = models.TextField(_("call script"), blank=True)  # the VIPs' 48-hour call
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=15, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    session = models.ForeignKey(
        "agenda.Session", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def scale(self) -> tuple[int, int] | None:
        """The lowest and highest number a number question takes."""
        return {
            QuestionKind.SATISFACTION: (1, 10), QuestionKind.NPS: (0, 10), QuestionKind.RATING: (1, 5),
            QuestionKind.SESSION: (1, 5),
        }.get(QuestionKind(self.kind))  # fmt: skip

    @property
    def numbers(self) -> list[int]:
        low, high = self.scale or (0, -1)
        return list(range(low, high + 1))

    @property
    def field_key(self) -> str:
        return f"q{self.pk}"


class Recipient(models.Model):
    """An attendee the survey went to: their personal link, when it was sent and reminded, when answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="recipients")
    attendee = models.ForeignKey("attendees.Attendee", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=40, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "attendee"], name="feedback_survey_once_each")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.attendee_id}"


class Response(models.Model):
    """One person's answers (one per recipient, a database constraint)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    recipient = models.OneToOneField(
        Recipient, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.survey_id}#{self.pk}"


class Reply(models.Model):
    """The answer to one question: a number, choices or text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="replies")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="replies")
    number = models.SmallIntegerField(null=True, blank=True)
    picked = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="feedback_reply_once")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


# --- the 48-hour follow-up calls -----------------------------------------------------------------


class CallStatus(models.TextChoices):
    PENDING = "todo", _("To call")
    REACHED = "reached", _("Reached")
    NO_ANSWER = "no_answer", _("No answer yet")
    DECLINED = "declined", _("Declined to talk")


class Call(models.Model):
    """A VIP's follow-up call within 48 hours of the end: who calls, the outcome and the satisfaction the
    guest gave on the phone (0-10), the attempts."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="feedback_calls")
    attendee = models.ForeignKey("attendees.Attendee", on_delete=models.CASCADE, related_name="+")
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.PENDING
    )
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (0-10)"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    called_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "attendee"], name="feedback_call_once"),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__lte=10),
                name="feedback_call_score_0_10",
            ),
        ]
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.attendee_id}"

    def late(self, now: dt.datetime) -> bool:
        """Past its deadline and not done (the guest neither reached nor declining)."""
        return self.due_at < now and self.status in OPEN_CALLS


OPEN_CALLS = (CallStatus.PENDING, CallStatus.NO_ANSWER)
