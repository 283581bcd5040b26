"""The organisation's suppliers: categories, service area, contacts, qualification documents, cases of
meetings served, equipment failures, the blacklist, and the team's ratings after each meeting. The tier
(``tiers``) is kept on the supplier with what it was judged on, recomputed by every change that bears
on it (``services.recompute``)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from .enums import (
    CRITICAL,
    Category,
    Dimension,
    DocumentKind,
    NeedSource,
    Result,
    Review,
    Standing,
    Tier,
    Trial,
)


def split(value: str) -> list[str]:
    return [part for part in (value or "").split(",") if part]


def joined(values) -> str:
    """A list kept as ``,a,b,``: a filter for one of them is ``__contains=",a,"`` on every database."""
    return f",{','.join(values)}," if values else ""


class Supplier(TimeStampedModel):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True,
        help_text=_("18 characters, as on the business licence"),
    )  # fmt: skip
    categories_text = models.CharField(max_length=200, default="", blank=True)
    cities_text = models.CharField(max_length=500, default="", blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    tier = models.CharField(_("tier"), max_length=1, choices=Tier.choices, default=Tier.C)
    tier_basis = models.JSONField(default=dict, blank=True)
    manual_tier = models.CharField(_("tier set by hand"), max_length=1, choices=Tier.choices, blank=True)
    manual_reason = models.CharField(_("reason"), max_length=300, blank=True)
    score = models.DecimalField(_("service score"), max_digits=3, decimal_places=2, null=True, blank=True)
    blacklisted = models.BooleanField(_("blacklisted"), default=False)
    blacklist_reason = models.CharField(_("reason for the blacklist"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "credit_code"], condition=~Q(credit_code=""), name="supplier_credit_code_once"
            ),
        ]
        indexes = [models.Index(fields=["org", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def categories(self) -> list[str]:
        return split(self.categories_text)

    @property
    def cities(self) -> list[str]:
        return split(self.cities_text)

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories if c in Category.values]

    @property
    def effective_tier(self) -> str:
        return self.manual_tier or self.tier


class Contact(TimeStampedModel):
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(
        _("role"), max_length=100, blank=True, help_text=_("e.g. account manager, on-site lead")
    )
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    emergency = models.BooleanField(_("emergency contact"), default=False)

    class Meta:
        ordering = ["-emergency", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class Document(TimeStampedModel):
    """A qualification document: business licence, permit, certification; a scan (image or PDF)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    number = models.CharField(_("number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True, help_text=_("empty: no expiry"))
    file = models.FileField(_("scanned copy"), upload_to="suppliers/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "expires_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gt=F("issued_on")),
                name="supplier_document_expires_after_issue",
            )
        ]
        indexes = [models.Index(fields=["expires_on"])]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())


class Case(TimeStampedModel):
    """A meeting the supplier served (for us or anyone): its size is its level."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="cases")
    title = models.CharField(_("meeting"), max_length=200)
    client = models.CharField(_("client"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    attendance = models.PositiveIntegerField(_("attendance"))
    equipment_units = models.PositiveIntegerField(
        _("equipment units supplied"), default=0, help_text=_("0 for a supplier of no equipment")
    )
    reference = models.CharField(
        _("reference"), max_length=200, blank=True, help_text=_("who can confirm it")
    )

    class Meta:
        ordering = ["-year", "-attendance", "id"]
        constraints = [models.CheckConstraint(condition=Q(attendance__gt=0), name="supplier_case_attendance")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class Failure(TimeStampedModel):
    """Equipment that failed in service (counted against the units its cases supplied)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="failures")
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="failures",
        verbose_name=_("case"),
    )
    happened_on = models.DateField(_("date"))
    equipment = models.CharField(_("equipment"), max_length=200)
    units = models.PositiveIntegerField(_("units failed"), default=1)
    note = models.CharField(_("what happened"), max_length=300, blank=True)

    class Meta:
        ordering = ["-happened_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(units__gt=0), name="supplier_failure_units")]

    def __str__(self) -> str:
        return self.equipment


def default_weights() -> dict:
    return {
        Dimension.PUNCTUALITY: 20,
        Dimension.QUALITY: 30,
        Dimension.RESPONSIVENESS: 20,
        Dimension.COMPLIANCE: 15,
        Dimension.COOPERATION: 15,
    }


class ScoreWeights(models.Model):
    """How much each rating dimension counts, per organisation (percent, summing to 100)."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="supplier_weights")
    weights = models.JSONField(default=default_weights)

    def __str__(self) -> str:
        return f"supplier weights of {self.org_id}"


class Rating(TimeStampedModel):
    """The team's rating of a supplier after a meeting: 1-5 per dimension, the incidents it caused, and the
    weighted score with the weights of the day (kept, so a later change of weights does not rewrite it)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="ratings")
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="+")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scores = models.JSONField(default=dict)
    weights = models.JSONField(default=dict)
    incidents = models.PositiveIntegerField(_("incidents caused"), default=0)
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["supplier", "meeting"], name="supplier_rating_once")]

    def __str__(self) -> str:
        return f"{self.supplier_id} @ {self.meeting_id}: {self.score}"


class Need(TimeStampedModel):
    """What a meeting needs of one category of supplier ("interpretation for 4 languages", "300 buffet
    lunches a day"), derived from the requirements, the meeting or a feasibility gap, or added by hand."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="supplier_needs")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("need"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=NeedSource.choices, default=NeedSource.MANUAL
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["category", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "category", "title"], name="supplier_need_once")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def critical(self) -> bool:
        return self.category in CRITICAL


class Candidate(TimeStampedModel):
    """A supplier considered for a need: its site inspection, qualification review, on-site trial and
    where it stands (shortlisted, chosen with the reason, backup, dropped)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="candidates")
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="candidacies")
    standing = models.CharField(
        _("standing"), max_length=12, choices=Standing.choices, default=Standing.SHORTLISTED
    )
    inspected_on = models.DateField(_("site inspection on"), null=True, blank=True)
    inspection = models.CharField(_("site inspection"), max_length=4, choices=Result.choices, blank=True)
    inspection_notes = models.CharField(_("inspection notes"), max_length=500, blank=True)
    review = models.JSONField(default=dict, blank=True)  # Review value → who and when confirmed
    trial = models.CharField(_("on-site trial"), max_length=6, choices=Trial.choices, blank=True)
    trial_notes = models.CharField(_("trial notes"), max_length=500, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["need", "id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "supplier"], name="supplier_candidate_once"),
            models.UniqueConstraint(
                fields=["need"], condition=Q(standing="chosen"), name="supplier_one_chosen_per_need"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} · {self.need}"

    @property
    def reviewed(self) -> bool:
        return all(item in self.review for item in Review.values)


class Quote(TimeStampedModel):
    """A request for a quote to a candidate (line items and quantities) and its answer (unit prices,
    the day it was issued, valid until)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="quotes")
    answer_by = models.DateField(_("answer by"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(valid_until__gte=F("issued_on")),
                name="supplier_quote_valid_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"quote {self.pk} for {self.candidate_id}"

    @property
    def total(self) -> Decimal | None:
        lines = list(self.lines.all())
        if not lines or any(line.unit_price is None for line in lines):
            return None
        return sum((line.amount for line in lines), Decimal(0))


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    item = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="supplier_quote_quantity"),
            models.CheckConstraint(
                condition=Q(unit_price__isnull=True) | Q(unit_price__gte=0), name="supplier_quote_price"
            ),
        ]

    def __str__(self) -> str:
        return self.item

    @property
    def amount(self) -> Decimal:
        return (self.quantity * (self.unit_price or Decimal(0))).quantize(Decimal("0.01"))


class Kickoff(TimeStampedModel):
    """The suppliers' kickoff meeting of a meeting: when and where, who attended (suppliers and the team),
    its agenda and minutes; its action items are the meeting's tasks."""

    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="kickoff")
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, max_length=4000)
    minutes = models.TextField(_("minutes"), blank=True, max_length=10000)
    suppliers = models.ManyToManyField(
        Supplier, blank=True, related_name="+", verbose_name=_("suppliers attending")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("team attending")
    )
    tasks = models.ManyToManyField("events.Task", blank=True, related_name="+")
    version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"kickoff of {self.meeting_id}"


class Duty(TimeStampedModel):
    """One line of the responsibility split: what a supplier answers for at a meeting."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="supplier_duties")
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="duties")
    text = models.CharField(_("duty"), max_length=300)

    class Meta:
        ordering = ["supplier__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "supplier", "text"], name="supplier_duty_once")
        ]

    def __str__(self) -> str:
        return self.text


class PortalUser(TimeStampedModel):
    """A person of a supplier who signs in to the supplier portal: they see that supplier's
    assignments and nothing else of the organisation."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="portal_users")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supplier_access"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["supplier__name", "user__name"]
        constraints = [models.UniqueConstraint(fields=["supplier", "user"], name="portal_user_once")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.supplier}"


class PortalInvitation(TimeStampedModel):
    """An e-mailed link to the supplier portal. Only the token's hash is kept."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="portal_invitations")
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.supplier}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
