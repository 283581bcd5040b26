"""Attendees of a meeting: who they are, their needs and travel, their place and badge."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from huiwu.core.models import TimeStampedModel

from .enums import (
    BadgeLayout,
    Category,
    ConsentMethod,
    Diet,
    FieldMode,
    Language,
    Rsvp,
    Service,
    Source,
    Status,
    TravelMode,
)


def new_token() -> str:
    return secrets.token_urlsafe(18)


def new_badge_key() -> str:
    return secrets.token_hex(32)


DEFAULT_CONSENT = _(
    "I agree that the organiser stores these details to run this meeting (registration, reception, check-in)."
)
# what the product does with them (``wrapup.privacy``), always said, whatever the organiser's wording
RETENTION = _(
    "%(days)s days after the meeting they are de-identified: my name is replaced, my phone, e-mail and ID "
    "number are removed. I may ask %(org)s for a copy of my data or for its erasure at any time."
)


class Attendee(TimeStampedModel):
    # Few indexes on purpose (an import writes tens of thousands of rows): the meeting is led by the
    # composite ones below, the organisation is always asked together with a key.
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    AUDIT_LIST_CHOICES = {"diets": Diet.choices, "services": Service.choices}  # labels in the trail
    meeting = models.ForeignKey(
        "events.Meeting", on_delete=models.CASCADE, related_name="attendees", db_index=False
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True, help_text=_("Stored as +86…"))
    email = models.EmailField(_("e-mail"), blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.REGULAR
    )
    custom_category = models.CharField(_("category name"), max_length=40, blank=True)
    diets = models.JSONField(_("dietary needs"), default=list, blank=True)
    allergies = models.CharField(_("allergies"), max_length=200, blank=True)
    diet_note = models.CharField(_("other dietary needs"), max_length=200, blank=True)
    accessibility = models.CharField(_("accessibility needs"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.ZH)
    arrival_mode = models.CharField(_("arrives by"), max_length=10, choices=TravelMode.choices, blank=True)
    arrival_number = models.CharField(_("arrival flight / train"), max_length=20, blank=True)
    arrival_at = models.DateTimeField(_("arrives at"), null=True, blank=True)
    departure_mode = models.CharField(_("leaves by"), max_length=10, choices=TravelMode.choices, blank=True)
    departure_number = models.CharField(_("departure flight / train"), max_length=20, blank=True)
    departure_at = models.DateTimeField(_("leaves at"), null=True, blank=True)
    hotel = models.CharField(_("hotel"), max_length=200, blank=True)
    pickup = models.BooleanField(_("pick-up"), default=False)
    butler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("butler"),
        db_index=False,  # partial index below: most attendees have none
    )
    services = models.JSONField(_("special services"), default=list, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    table_number = models.CharField(_("table"), max_length=20, blank=True)
    photo = models.ImageField(_("photo"), upload_to="attendees/%Y/", blank=True)
    note = models.TextField(_("reception notes"), blank=True)
    id_number_encrypted = models.TextField(blank=True)
    id_number_hint = models.CharField(max_length=8, blank=True)  # the last four characters, for masking
    id_number_digest = models.CharField(max_length=64, blank=True)  # crypto.digest: one person, one number
    consent_scope = models.CharField(_("consent: what for"), max_length=600, blank=True)
    consent_at = models.DateTimeField(_("consent: when"), null=True, blank=True)
    consent_method = models.CharField(
        _("consent: how"), max_length=10, choices=ConsentMethod.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED)
    rsvp = models.CharField(_("RSVP"), max_length=10, choices=Rsvp.choices, blank=True, default=Rsvp.NONE)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    invited_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="colleagues", db_index=False
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.MANUAL)
    answers = models.JSONField(default=dict, blank=True)  # the registration page's own questions
    token = models.CharField(max_length=32, unique=True, default=new_token)  # RSVP and e-badge links
    badge_secret = models.CharField(max_length=32, unique=True, default=new_token)
    badge_issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "mobile"], condition=~Q(mobile=""), name="attendee_mobile_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "email"], condition=~Q(email=""), name="attendee_email_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "id_number_digest"],
                condition=~Q(id_number_digest=""),
                name="attendee_id_number_once",
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "status"]),
            models.Index(fields=["butler"], condition=Q(butler__isnull=False), name="attendee_butler"),
            models.Index(
                fields=["invited_by"], condition=Q(invited_by__isnull=False), name="attendee_invited_by"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .validation import category_problem, contact_problem

        errors = {}
        if problem := contact_problem(self.mobile, self.email):
            errors["mobile"] = problem
        if problem := category_problem(self.category, self.custom_category):
            errors["custom_category"] = problem
        if self.arrival_at and self.departure_at and self.departure_at < self.arrival_at:
            errors["departure_at"] = _("The departure comes after the arrival.")
        if errors:
            raise ValidationError(errors)

    def diet_labels(self) -> list[str]:
        return [str(Diet(d).label) for d in self.diets if d in Diet.values]

    def service_labels(self) -> list[str]:
        return [str(Service(s).label) for s in self.services if s in Service.values]

    @property
    def category_label(self) -> str:
        if self.category == Category.CUSTOM and self.custom_category:
            return self.custom_category
        return str(self.get_category_display())


class RevokedBadge(models.Model):
    """A badge code that was replaced: the gate can say "re-issued" instead of "unknown"."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="+")
    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="revoked_badges")
    secret = models.CharField(max_length=32, unique=True)
    revoked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.attendee_id}: {self.secret[:4]}…"


# The fields a registration page may ask for, beyond the name (always asked).
ASKABLE = (
    "mobile",
    "email",
    "organisation",
    "title",
    "diets",
    "accessibility",
    "language",
    "arrival",
    "hotel",
    "id_number",
)


def default_fields() -> dict:
    return {
        "mobile": FieldMode.REQUIRED,
        "email": FieldMode.OPTIONAL,
        "organisation": FieldMode.REQUIRED,
        "title": FieldMode.OPTIONAL,
        "diets": FieldMode.OPTIONAL,
        "accessibility": FieldMode.OPTIONAL,
        "language": FieldMode.OFF,
        "arrival": FieldMode.OFF,
        "hotel": FieldMode.OFF,
        "id_number": FieldMode.OFF,
    }


class Registration(TimeStampedModel):
    """How a meeting takes registrations, and the key that signs its badges."""

    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="registration")
    is_open = models.BooleanField(_("registration open"), default=False)
    token = models.CharField(max_length=32, unique=True, default=new_token)
    capacity = models.PositiveIntegerField(_("places (0 = no limit)"), default=0)
    waitlist = models.BooleanField(_("waiting list when full"), default=True)
    approval = models.BooleanField(_("staff approve each registration"), default=False)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    intro = models.TextField(_("text above the form"), blank=True)
    consent_text = models.CharField(_("consent wording"), max_length=300, blank=True)
    fields = models.JSONField(default=default_fields)
    badge_key = models.CharField(max_length=64, default=new_badge_key)

    def mode(self, name: str) -> str:
        return self.fields.get(name, FieldMode.OFF)

    @property
    def consent_wording(self) -> str:
        org = self.meeting.org
        promise = str(RETENTION) % {"days": org.retention_days, "org": org.name}
        return f"{self.consent_text or DEFAULT_CONSENT} {promise}"


class BadgeTemplate(models.Model):
    """How a category's badges look in an organisation."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    colour = models.CharField(
        _("colour band"),
        max_length=7,
        default="#1d4ed8",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1d4ed8."))],
    )
    text_colour = models.CharField(
        _("text on the band"),
        max_length=7,
        default="#ffffff",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1d4ed8."))],
    )
    role_label = models.CharField(_("role printed on the badge"), max_length=40, blank=True)
    layout = models.CharField(_("layout"), max_length=4, choices=BadgeLayout.choices, default=BadgeLayout.A6)
    show_table = models.BooleanField(_("print the table number"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "category"], name="badge_template_once")]

    def __str__(self) -> str:
        return str(self.get_category_display())


class ImportMapping(models.Model):
    """Column names an organisation mapped by hand, remembered for its next files."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    columns = models.JSONField(default=dict)  # normalised header → field name

    def __str__(self) -> str:
        return f"{len(self.columns)} columns"


class ImportRun(TimeStampedModel):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="attendee_imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    rows = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.CharField(max_length=300, blank=True)  # why the whole file was refused
    errors = models.JSONField(default=list)  # [{"row", "field", "message"}], the first 1,000
    error_rows = models.PositiveIntegerField(default=0)  # every row not imported

    class Meta:
        ordering = ["-created_at"]
