"""On-site operations. This first part: incidents with tiers, SLA timers from the organisation's policy,
escalation, and a timeline."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from . import policies
from .enums import Category, ChecklistKind, IncidentStatus, PostRole, Stage, Tier


def default_minutes() -> dict:
    """Named by migration 0001 (the timers were held here once; the service standards hold them now)."""
    return {}


class SlaPolicy(TimeStampedModel):
    """Who answers for the organisation's incidents beyond a meeting (one per organisation). The timers
    themselves are service standards (``policies``)."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="sla_policy")
    duty_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("duty manager"),
    )  # fmt: skip

    def __str__(self) -> str:
        return f"SLA {self.org_id}"


class Incident(TimeStampedModel):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="incidents")
    number = models.PositiveIntegerField()
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.OTHER
    )
    title = models.CharField(_("what happened"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), upload_to="incidents/%Y/%m/", blank=True)
    status = models.CharField(max_length=12, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    reported_at = models.DateTimeField()
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("handled by"),
    )  # fmt: skip
    # the timers, copied from the policy when reported (a later policy change does not move them)
    minutes = models.JSONField(default=dict)
    update_every = models.PositiveIntegerField(default=30)
    responded_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(default=0)
    last_update_at = models.DateTimeField(null=True, blank=True)
    plan = models.ForeignKey(
        "risks.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents",
        verbose_name=_("contingency plan"),
    )  # fmt: skip
    plan_activated_at = models.DateTimeField(null=True, blank=True)
    cause = models.TextField(_("cause"), blank=True)
    fix = models.TextField(_("what was done"), blank=True)
    compensation = models.TextField(_("compensation"), blank=True)
    interrupted = models.BooleanField(
        _("interrupted the meeting"), default=False,
        help_text=_("With a supplier concerned, its contract's penalty is proposed to finance."),
    )  # fmt: skip
    # the supplier whose part failed (counted in its service record) or who reported it from the portal
    supplier = models.ForeignKey(
        "suppliers.Supplier", null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents",
        verbose_name=_("supplier concerned"),
    )  # fmt: skip

    class Meta:
        ordering = ["-reported_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="incident_number_once")]
        indexes = [
            models.Index(
                fields=["status"],
                condition=~models.Q(status__in=["resolved", "closed"]),
                name="incident_open",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"

    def done(self) -> dict:
        return {
            Stage.RESPOND: self.responded_at,
            Stage.DECIDE: self.decided_at,
            Stage.RESOLVE: self.resolved_at,
        }

    def timers(self) -> list[policies.Timer]:
        return policies.timers(self.minutes, self.tier, self.reported_at, self.done())


class UpdateKind(models.TextChoices):
    REPORTED = "reported", _("Reported")
    RESPONDED = "responded", _("Responded")
    DECIDED = "decided", _("Decided")
    NOTE = "note", _("Update")
    ESCALATED = "escalated", _("Escalated")
    PLAN = "plan", _("Contingency plan activated")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    UPDATE_DUE = "update_due", _("Update due")


class IncidentUpdate(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=UpdateKind.choices)
    text = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind}"


class CueStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    STANDBY = "standby", _("Standby")
    LIVE = "live", _("Live")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


class Cue(TimeStampedModel):
    """A line of the run-of-show: an agenda session or an operational cue (doors, check-in, restock)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey(
        "events.Meeting", on_delete=models.CASCADE, related_name="cues", db_index=False
    )
    session = models.OneToOneField(
        "agenda.Session", null=True, blank=True, on_delete=models.CASCADE, related_name="cue"
    )
    operation = models.CharField(
        max_length=30, blank=True
    )  # "doors", "checkin", "briefing", "tech", "restock:<n>"
    title = models.CharField(_("cue"), max_length=200)
    start = models.DateTimeField(_("planned start"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=5)
    room = models.ForeignKey(
        "venues.Room",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("room"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("responsible"),
    )  # fmt: skip
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    speaker_email = models.EmailField(blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(max_length=10, choices=CueStatus.choices, default=CueStatus.PENDING)
    actual_start = models.DateTimeField(null=True, blank=True)
    actual_end = models.DateTimeField(null=True, blank=True)
    remind_before = models.PositiveSmallIntegerField(_("remind (minutes before)"), default=5)
    reminded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=0
    )  # each change bumps it: two changes at once never both land

    class Meta:
        ordering = ["start", "room__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "operation"], condition=~models.Q(operation=""), name="cue_operation_once"
            ),
            models.CheckConstraint(condition=models.Q(minutes__gte=1), name="cue_lasts"),
        ]
        indexes = [models.Index(fields=["meeting", "start"])]

    def __str__(self) -> str:
        return self.title


class Post(TimeStampedModel):
    """A post of the on-site team (or a supplier's contact), filled by a member or a named person."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="posts")
    role = models.CharField(_("post"), max_length=12, choices=PostRole.choices)
    title = models.CharField(_("title"), max_length=100, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("member"),
    )  # fmt: skip
    crew = models.ForeignKey(
        "staff.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="posts",
        verbose_name=_("or someone of the staff"),
    )  # fmt: skip
    person = models.CharField(_("or a person (name, company)"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    radio = models.CharField(_("radio channel"), max_length=20, blank=True)
    shift_start = models.TimeField(_("shift from"), null=True, blank=True)
    shift_end = models.TimeField(_("shift until"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # assigned without the post's qualifications (the organisation's rule allows it): what was missing, why
    unqualified = models.JSONField(default=list, blank=True)
    unqualified_reason = models.CharField(
        _("reason to assign without the qualifications"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title or self.get_role_display()

    def clean(self) -> None:
        if self.shift_start and self.shift_end and self.shift_end <= self.shift_start:
            raise ValidationError({"shift_end": _("A shift ends after it starts.")})

    @property
    def filled(self) -> bool:
        return bool(self.member_id or self.crew_id or self.person.strip())

    @property
    def who(self) -> str:
        if self.member_id and self.member:
            return self.member.name
        if self.crew_id and self.crew:
            return self.crew.name
        return self.person


class Checklist(TimeStampedModel):
    """A checklist with a deadline: each item ticked with who and when; signed off when every item is done."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="checklists")
    kind = models.CharField(_("kind"), max_length=10, choices=ChecklistKind.choices)
    key = models.CharField(max_length=60, blank=True)  # what made it ("materials", "rehearsal:<session>", …)
    title = models.CharField(_("title"), max_length=200)
    due_at = models.DateTimeField(_("due"))
    items = models.JSONField(default=list)  # [{"text", "done_by", "done_by_name", "done_at", "note"}]
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "key"], condition=~models.Q(key=""), name="checklist_key_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SheetLine(TimeStampedModel):
    """A line of the shared run sheet (the draft): what a supplier (or the team) does, when, where, who
    answers for it with their phone, and the team's counterpart on the radio. Lines built from the
    supplier's duties and the run-of-show keep their ``key`` and follow the cue until edited by hand."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="sheet_lines")
    supplier = models.ForeignKey(
        "suppliers.Supplier", null=True, blank=True, on_delete=models.CASCADE, related_name="sheet_lines",
        verbose_name=_("supplier"),
    )  # fmt: skip
    cue = models.ForeignKey(Cue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    key = models.CharField(max_length=80, blank=True)  # "duty:<duty>:<cue kind>:<day>" when built
    edited = models.BooleanField(default=False)  # changed by hand: a rebuild leaves it as it is
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    task = models.CharField(_("what"), max_length=300)
    person = models.CharField(_("responsible"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    counterpart = models.CharField(_("our counterpart"), max_length=100, blank=True)
    radio = models.CharField(_("radio channel"), max_length=20, blank=True)

    class Meta:
        ordering = ["starts_at", "supplier__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "key"], condition=~models.Q(key=""), name="sheet_line_built_once"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="sheet_line_ends"
            ),
        ]

    def __str__(self) -> str:
        return self.task


class SheetVersion(models.Model):
    """A published run sheet: the lines and the shared contacts as they were sent, and what changed
    for each supplier since the version before."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="sheet_versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    lines = models.JSONField(default=list)
    contacts = models.JSONField(default=list)
    changes = models.JSONField(default=dict)  # {"<supplier id>": ["…", …]}
    suppliers = models.ManyToManyField("suppliers.Supplier", related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="sheet_version_once")]

    def __str__(self) -> str:
        return f"v{self.number}"


class Acknowledgement(models.Model):
    """A supplier's "received and understood" of one published version, by whom and when."""

    version = models.ForeignKey(SheetVersion, on_delete=models.CASCADE, related_name="acknowledgements")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "supplier"], name="sheet_acknowledged_once")
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} @ {self.at}"
