"""Wrap-up after the meeting: each KPI's actual with where it came from and the explanation of its variance,
and the count of equipment and materials within 2 h of the end with the venue's restoration."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel


class Source(models.TextChoices):
    ENTERED = "entered", _("entered by hand")
    CHECKIN = "checkin", _("check-ins")
    FEEDBACK = "feedback", _("survey and calls")
    ZONE = "zone", _("a zone's scans")
    LIVE = "live", _("the live interaction")


class Result(models.Model):
    """A KPI's actual in the review: the figure (in the KPI's unit), where it came from, why it differs."""

    kpi = models.OneToOneField("events.KPI", on_delete=models.CASCADE, related_name="result")
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2)
    source = models.CharField(_("from"), max_length=10, choices=Source.choices, default=Source.ENTERED)
    explanation = models.TextField(_("explanation"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(actual__gte=0), name="wrapup_actual_not_negative")]
        verbose_name = _("KPI result")
        verbose_name_plural = _("KPI results")

    def __str__(self) -> str:
        return f"{self.kpi_id}: {self.actual}"


class ItemState(models.TextChoices):
    UNCOUNTED = "uncounted", _("not counted yet")
    REUSABLE = "reusable", _("reusable")
    DAMAGED = "damaged", _("damaged")
    LOST = "lost", _("lost")
    RETURNED = "returned", _("returned to the supplier")


class Count(TimeStampedModel):
    """The count of equipment and materials after the end (due ``wrap_up.inventory`` hours after it), and
    the venue restored as agreed, signed off with the venue's person."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="count")
    due_at = models.DateTimeField(_("due"))
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    restored_at = models.DateTimeField(null=True, blank=True)
    restored_with = models.CharField(_("venue's person"), max_length=100, blank=True)
    restoration_note = models.TextField(_("restoration"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("count")
        verbose_name_plural = _("counts")

    def __str__(self) -> str:
        return f"{self.meeting_id}"


class CountItem(models.Model):
    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    source = models.CharField(max_length=40, blank=True)  # the checklist it came from
    supplier = models.ForeignKey(
        "suppliers.Supplier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ItemState.choices, default=ItemState.UNCOUNTED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("counted item")
        verbose_name_plural = _("counted items")

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent to the client")
    ACCEPTED = "accepted", _("accepted by the client")


class Summary(TimeStampedModel):
    """The summary report to the client, due ``wrap_up.summary_report`` working days after the last day:
    its sections drafted from the data and edited by the PM, then sent for the client's acceptance."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="summary_report")
    overview = models.TextField(_("overview"), blank=True)
    highlights = models.TextField(_("highlights"), blank=True)
    improvements = models.TextField(_("improvements"), blank=True)
    comparison = models.TextField(_("data comparison"), blank=True)
    plan = models.TextField(_("improvement plan"), blank=True)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=254, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.CharField(_("client's person"), max_length=100, blank=True)
    answer_note = models.TextField(_("client's words"), blank=True)
    version = models.PositiveIntegerField(default=1)

    SECTIONS = ("overview", "highlights", "improvements", "comparison", "plan")

    class Meta:
        verbose_name = _("summary report")
        verbose_name_plural = _("summary reports")

    def __str__(self) -> str:
        return f"{self.meeting_id}"


class FollowUp(TimeStampedModel):
    """What the attendees and the client get after the meeting: the photos and the highlight video
    (within ``care.photos`` hours), the thank-you letter, and the client's call at ``wrap_up.follow_up``."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="follow_up")
    photos_url = models.URLField(_("photos"), max_length=500, blank=True)
    video_url = models.URLField(_("highlight video"), max_length=500, blank=True)
    media_sent_at = models.DateTimeField(null=True, blank=True)
    media_sent = models.PositiveIntegerField(default=0)
    letter = models.TextField(_("thank-you letter"), blank=True)
    letter_sent_at = models.DateTimeField(null=True, blank=True)
    letter_sent = models.PositiveIntegerField(default=0)
    call_task = models.ForeignKey(
        "events.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    call_outcome = models.TextField(_("outcome of the call"), blank=True)
    call_satisfaction = models.PositiveSmallIntegerField(
        _("client's satisfaction (of 10)"), null=True, blank=True
    )
    call_next = models.CharField(_("next business"), max_length=300, blank=True)
    called_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(call_satisfaction__isnull=True) | Q(call_satisfaction__lte=10),
                name="wrapup_call_satisfaction_of_10",
            )
        ]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.meeting_id}"


class Bone(models.TextChoices):
    """The six bones of the fishbone (Ishikawa) diagram."""

    PEOPLE = "people", _("people")
    METHOD = "method", _("method")
    EQUIPMENT = "equipment", _("equipment")
    MATERIALS = "materials", _("materials")
    MEASUREMENT = "measurement", _("measurement")
    ENVIRONMENT = "environment", _("environment")


class Evidence(models.TextChoices):
    NONE = "", _("none")
    INCIDENT = "incident", _("incident")
    THEME = "theme", _("feedback theme")
    VARIANCE = "variance", _("budget variance")
    INSPECTION = "inspection", _("failed inspection")


class Retro(TimeStampedModel):
    """The retrospective: a session across departments after the meeting."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="retro")
    held_on = models.DateField(_("held on"), null=True, blank=True)
    departments = models.CharField(_("departments"), max_length=300, blank=True)
    problem = models.CharField(_("the problem looked at"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("retrospective")
        verbose_name_plural = _("retrospectives")

    def __str__(self) -> str:
        return f"{self.meeting_id}"


class Cause(models.Model):
    """A cause on one bone of the fishbone, and the fact it rests on (an incident, a feedback theme, a
    budget variance, a failed inspection)."""

    retro = models.ForeignKey(Retro, on_delete=models.CASCADE, related_name="causes")
    bone = models.CharField(_("bone"), max_length=12, choices=Bone.choices)
    text = models.CharField(_("cause"), max_length=300)
    evidence = models.CharField(_("rests on"), max_length=12, choices=Evidence.choices, blank=True)
    evidence_ref = models.CharField(max_length=100, blank=True)  # the incident's, line's, item's id; a theme
    evidence_label = models.CharField(max_length=300, blank=True)  # what it said when linked
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["bone", "id"]
        verbose_name = _("cause")
        verbose_name_plural = _("causes")

    def __str__(self) -> str:
        return self.text


class Action(models.Model):
    """An action of the retrospective: a task of the meeting with its owner and deadline."""

    retro = models.ForeignKey(Retro, on_delete=models.CASCADE, related_name="actions")
    cause = models.ForeignKey(Cause, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    task = models.OneToOneField("events.Task", on_delete=models.CASCADE, related_name="retro_action")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.task_id}"


class LessonKind(models.TextChoices):
    STANDARD = "standard", _("a service standard's figure")
    PLAYBOOK = "playbook", _("a task of the playbook")


class LessonStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class Lesson(models.Model):
    """A lesson learnt, proposed as a change of the organisation's standards (a rule's new figure) or of
    its playbook (a new task), and accepted or declined by one who may change them."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    retro = models.ForeignKey(Retro, on_delete=models.CASCADE, related_name="lessons")
    cause = models.ForeignKey(Cause, null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons")
    text = models.CharField(_("lesson"), max_length=300)
    kind = models.CharField(_("changes"), max_length=10, choices=LessonKind.choices)
    rule = models.ForeignKey(
        "standards.Rule", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rule_version = models.PositiveIntegerField(null=True, blank=True)  # the rule as the proposal saw it
    low = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    template = models.ForeignKey(
        "events.PlaybookTemplate", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    task_title = models.CharField(_("task"), max_length=200, blank=True)
    task_stage = models.PositiveSmallIntegerField(null=True, blank=True)
    task_offset = models.IntegerField(null=True, blank=True)  # days from T
    status = models.CharField(max_length=10, choices=LessonStatus.choices, default=LessonStatus.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.text


class Trigger(models.TextChoices):
    ARCHIVE = "archive", _("archiving")
    RETENTION = "retention", _("the retention period")


class Deidentified(models.Model):
    """A meeting whose attendees' personal data was de-identified (names to pseudonyms, contacts and ID
    numbers removed, free text scrubbed): when, why and how much — no personal data."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="deidentified")
    at = models.DateTimeField(default=timezone.now)
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    people = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)  # rows elsewhere whose text was scrubbed

    class Meta:
        verbose_name = _("de-identification")
        verbose_name_plural = _("de-identifications")

    def __str__(self) -> str:
        return f"{self.meeting_id}"


class Archive(models.Model):
    """A meeting archived by client, theme and date: what it held, de-identified, read-only (the meeting
    too, from then on). ``search`` is its search index: de-identified text only."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField("events.Meeting", on_delete=models.PROTECT, related_name="archive")
    client = models.CharField(_("client"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    archived_at = models.DateTimeField(default=timezone.now)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    figures = models.JSONField(default=dict)  # counts and figures: attendance, check-ins, feedback, KPIs
    guests = models.JSONField(default=list)  # the guest list: pseudonym, category, organisation, days came
    feedback = models.JSONField(default=list)  # comments, scrubbed
    documents = models.JSONField(default=list)  # reports, contracts, photos and video links
    search = models.TextField(blank=True)

    class Meta:
        ordering = ["-first_day", "-id"]
        verbose_name = _("archive")
        verbose_name_plural = _("archives")

    def __str__(self) -> str:
        return f"{self.meeting_id}"


class Erasure(models.Model):
    """A person's data erased on request: which attendee record (its pseudonym now), when, by whom, and
    what was kept because the law asks for it — no personal data."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    attendee = models.OneToOneField("attendees.Attendee", on_delete=models.CASCADE, related_name="erasure")
    pseudonym = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(_("request reference"), max_length=100, blank=True)
    kept = models.JSONField(default=list)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return self.pseudonym
