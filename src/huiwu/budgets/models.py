"""A meeting's budget in three levels (DOMAIN.md stage 3): the total, categories with their planned
shares, line items. Money in ``Decimal`` with two places; another currency than the yuan at a rate."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from .enums import DecisionKind, Direction


class Budget(TimeStampedModel):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="budget")
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    rate = models.DecimalField(_("rate to CNY"), max_digits=12, decimal_places=6, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=0), name="budget_total_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.total}"


class Category(models.Model):
    """A category of the budget (venue, equipment, …) with its planned share of the total."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="categories")
    key = models.SlugField(max_length=30)
    name = models.CharField(_("name"), max_length=100)
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    # money moved in (positive) or out (negative) by the weekly review's decisions
    moved = models.DecimalField(_("moved"), max_digits=14, decimal_places=2, default=0)
    # the category's own tolerance (%); none: the catalogue's budget.total_variance
    tolerance = models.DecimalField(_("tolerance (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["budget", "key"], name="budget_category_once")]

    def __str__(self) -> str:
        return self.name


class Line(TimeStampedModel):
    """A line item: quantity × unit price plus tax is its plan; a supplier and a contract, when it has
    them, give what is committed and what is paid."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="lines")
    name = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, default=1)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)
    tax_rate = models.DecimalField(_("tax rate (%)"), max_digits=5, decimal_places=2, default=0)
    credit = models.BooleanField(_("credit line"), default=False)  # a negative price is allowed here only
    supplier = models.ForeignKey(
        "suppliers.Supplier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_lines"
    )
    client_price = models.DecimalField(
        _("client price"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["category__position", "id"]

    def __str__(self) -> str:
        return self.name


class Alert(models.Model):
    """The ±5% guard's crossing: the forecast total (or a category's) left its tolerance. One open per
    scope; cleared when back inside, a new one on the next crossing."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="alerts")
    scope = models.CharField(max_length=30)  # "total" or a category's key
    label = models.CharField(max_length=100)
    direction = models.CharField(max_length=5, choices=Direction.choices)
    planned = models.DecimalField(max_digits=16, decimal_places=2)
    forecast = models.DecimalField(max_digits=16, decimal_places=2)
    tolerance = models.DecimalField(max_digits=5, decimal_places=2)
    opened_at = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_forecast = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "scope"],
                condition=models.Q(cleared_at__isnull=True),
                name="budget_alert_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget_id} {self.scope} {self.direction}"

    @property
    def share(self) -> Decimal | None:
        if not self.planned:
            return None
        return ((self.forecast - self.planned) * 100 / self.planned).quantize(Decimal("0.01"))


class Review(TimeStampedModel):
    """A weekly variance review: opened, lines over plan decided, signed off and kept as a snapshot of
    every figure at that moment (the next review's trend starts from it)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="reviews")
    number = models.PositiveSmallIntegerField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.CharField(_("notes"), max_length=1000, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="budget_review_number"),
            models.UniqueConstraint(
                fields=["budget"],
                condition=models.Q(signed_off_at__isnull=True),
                name="budget_review_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id} review {self.number}"


class Decision(models.Model):
    """What a review decided for a line over its plan, with who and when."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=12, choices=DecisionKind.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("from category"),
    )  # fmt: skip
    backup = models.ForeignKey(
        "suppliers.Candidate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("backup supplier"),
    )  # fmt: skip
    variance = models.DecimalField(max_digits=16, decimal_places=2)  # the line's, when decided
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "line"], name="budget_decision_once")]

    def __str__(self) -> str:
        return f"{self.line_id} {self.kind}"


class Revision(TimeStampedModel):
    """A frozen plan of the budget (its total, categories and lines) with the reason it changed; the
    client's approval recorded on it. The first approved is the baseline; the guard holds the forecast
    to the latest approved total."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    reason = models.CharField(_("reason"), max_length=500)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    snapshot = models.JSONField(default=dict)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approver = models.CharField(_("approved by (the client's person)"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="budget_revision_number"),
            models.UniqueConstraint(
                fields=["budget"],
                condition=models.Q(approved_on__isnull=True),
                name="budget_revision_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id} revision {self.number}"


class CategoryTemplate(TimeStampedModel):
    """An organisation's categories and shares for one kind of meeting: a new budget of that kind
    starts with them (without one, the catalogue's defaults)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting_type = models.CharField(_("meeting type"), max_length=30)
    rows = models.JSONField(default=list)  # [{"key", "name", "share"}], shares adding up to 100
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "meeting_type"], name="budget_template_once_per_type")
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.meeting_type}"


class Scenario(TimeStampedModel):
    """A what-if copy of the budget's lines ("if attendance is 1,000"): per-person lines scaled to the
    attendance, compared with the plan, adopted into it as a whole."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("name"), max_length=100)
    attendance = models.PositiveIntegerField(_("attendance"))
    lines = models.JSONField(default=dict)  # line id → {"quantity", "unit_price", "tax_rate", "version"}
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name
