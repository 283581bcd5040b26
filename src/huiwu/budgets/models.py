"""A meeting's budget in three levels (DOMAIN.md stage 3): the total, categories with their planned
shares, line items. Money in ``Decimal`` with two places; another currency than the yuan at a rate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel


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
