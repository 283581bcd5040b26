"""The agenda of a meeting: a time grid of slots shared by the rooms of the chosen venue, modules,
sessions placed in (room, slot) cells, speakers with their windows, the organisation's rule
thresholds, and what was published (a snapshot the public pages show and changes are measured against).
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from huiwu.core.models import TimeStampedModel

from .enums import ModuleKind, Role, SessionFormat, SessionKind, SessionType, WindowKind


class AgendaRules(models.Model):
    """The organisation's agenda settings and the solver's weights. The thresholds of DOMAIN.md (core
    stretches ≤ 90 min, tech ready 2 h before, rehearsal 30 min before) are service standards: see
    ``selectors.rules_for``."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="agenda_rules")
    no_adjacent_buffers = models.BooleanField(_("no two buffers back to back"), default=True)
    comfort_percent = models.PositiveSmallIntegerField(
        _("a room is comfortable up to (% of seats)"),
        default=80,
        validators=[MinValueValidator(10), MaxValueValidator(100)],
    )
    weight_crowding = models.PositiveSmallIntegerField(
        _("weight: each person above the comfortable mark"), default=1
    )
    weight_preference = models.PositiveSmallIntegerField(
        _("weight: each missed speaker preference"), default=20
    )
    weight_change = models.PositiveSmallIntegerField(_("weight: each published session moved"), default=50)

    class Meta:
        verbose_name = _("agenda rules")

    def __str__(self) -> str:
        return f"{self.org} agenda rules"

    @classmethod
    def for_org(cls, org) -> "AgendaRules":
        return cls.objects.get_or_create(org=org)[0]


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Agenda(models.Model):
    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="agenda")
    opens = models.TimeField(_("venue opens"), default=dt.time(7, 0))
    closes = models.TimeField(_("venue closes"), default=dt.time(22, 0))
    public_token = models.CharField(max_length=40, unique=True, default=new_token)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("agenda")

    def __str__(self) -> str:
        return str(self.meeting)


class Slot(models.Model):
    """One row of a day's time grid; every room of the venue shares it."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="agenda_slots")
    date = models.DateField(_("day"))
    start = models.TimeField(_("start"))
    duration = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )

    class Meta:
        ordering = ["date", "start"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "date", "start"], name="agenda_slot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date:%m-%d} {self.start:%H:%M}–{self.end_label}"

    @property
    def start_minutes(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minutes(self) -> int:
        return self.start_minutes + self.duration

    @property
    def end_label(self) -> str:
        m = self.end_minutes
        return f"{m // 60:02d}:{m % 60:02d}"


class Module(models.Model):
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="agenda_modules")
    kind = models.CharField(
        _("module"), max_length=20, choices=ModuleKind.choices, default=ModuleKind.MAIN_FORUM
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(_("format"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Speaker(TimeStampedModel):
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    bio_en = models.TextField(_("bio (English)"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="speakers/%Y/", blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    travel = models.TextField(_("travel (arrival, departure, hotel)"), blank=True)
    rehearsal_date = models.DateField(_("rehearsal day"), null=True, blank=True)
    rehearsal_start = models.TimeField(_("rehearsal start"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class SpeakerWindow(models.Model):
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="windows")
    kind = models.CharField(max_length=20, choices=WindowKind.choices)
    date = models.DateField()
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["kind", "date", "start"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} {self.start:%H:%M}–{self.end:%H:%M}"


class Session(TimeStampedModel):
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey(
        Module,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        verbose_name=_("module"),
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    session_type = models.CharField(
        _("type"), max_length=20, choices=SessionType.choices, default=SessionType.TALK
    )
    kind = models.CharField(
        _("core or buffer"), max_length=10, choices=SessionKind.choices, default=SessionKind.CORE
    )
    duration = models.PositiveSmallIntegerField(
        _("minutes"), default=45, validators=[MinValueValidator(5), MaxValueValidator(12 * 60)]
    )
    slot = models.ForeignKey(
        Slot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        verbose_name=_("slot"),
    )
    room = models.ForeignKey(
        "venues.Room",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_sessions",
        verbose_name=_("room"),
    )
    pinned = models.BooleanField(_("pinned (the solver keeps its room and slot)"), default=False)
    plenary = models.BooleanField(
        _("plenary (nothing else at the same time)"),
        default=False,
        help_text=_(
            "The opening, the main forum, a meal for everyone: every other room of its slot stays free."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=SessionFormat.choices, default=SessionFormat.ONSITE
    )
    languages = models.JSONField(_("interpretation languages"), default=list, blank=True)
    audience = models.PositiveIntegerField(_("expected audience"), default=0)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    speakers = models.ManyToManyField(Speaker, through="SessionSpeaker", related_name="sessions", blank=True)

    class Meta:
        ordering = ["slot__date", "slot__start", "room__name", "id"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def plenary_by_default(session_type: str, module) -> bool:
        """A meal, or a session of the main forum, a meal or a gala module, is for everyone."""
        kinds = {ModuleKind.MAIN_FORUM, ModuleKind.MEAL, ModuleKind.GALA}
        return session_type == SessionType.MEAL or (module is not None and module.kind in kinds)

    @property
    def placed(self) -> bool:
        return self.slot_id is not None and self.room_id is not None


class SessionSpeaker(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="roles")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SPEAKER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "speaker"], name="agenda_role_unique")]

    def __str__(self) -> str:
        return f"{self.speaker} · {self.session}"


class Follower(models.Model):
    """Someone who saved sessions on the public agenda and asked to hear of changes."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=40, unique=True, default=new_token)
    sessions = models.ManyToManyField(Session, related_name="followers", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agenda", "email"], name="agenda_follower_unique")]

    def __str__(self) -> str:
        return self.email


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPLIED = "applied", _("applied")
    UNDONE = "undone", _("undone")
    DISCARDED = "discarded", _("discarded")
    STALE = "stale", _("out of date")


class Proposal(models.Model):
    """An agenda the solver (or a solution file) proposes: shown before/after, applied only when
    someone confirms it, and undone while nobody has moved those sessions since.

    ``before`` holds every session's cell when the proposal was made, ``after`` the cells of the
    sessions it moves: ``{"<session id>": [room id | null, slot id | null]}``."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="agenda_proposals")
    source = models.CharField(max_length=10, default="solver")  # solver | file
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    objective = models.IntegerField(null=True, blank=True)
    optimal = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.meeting_id} #{self.pk} {self.status}"
