"""The people of the agency who work on site (members and named crew), with their certificates, years of
experience and training records: what the posts of the on-site team require (``qualifications``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from .enums import CertificateKind


class Person(TimeStampedModel):
    """Someone who can fill a post: a member of the organisation or named crew (a freelancer, a temp)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("member"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=100)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True, help_text=_("Stored as +86…"))
    working_since = models.DateField(_("working in the trade since"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "member"], condition=Q(member__isnull=False), name="staff_person_member_once"
            )
        ]
        indexes = [models.Index(fields=["org", "name"])]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.name


class Certificate(TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("certificate"), max_length=12, choices=CertificateKind.choices)
    detail = models.CharField(
        _("detail"), max_length=100, blank=True, help_text=_("the vendor, or the language (English, 日语…)")
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True, help_text=_("empty: no expiry"))
    scan = models.ImageField(_("scanned copy"), upload_to="staff/%Y/%m/", blank=True)

    class Meta:
        ordering = ["kind", "expires_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                name="staff_certificate_expires_after_issue",
            )
        ]
        indexes = [models.Index(fields=["expires_on"])]

    def __str__(self) -> str:
        kind = self.get_kind_display()
        return f"{kind} · {self.detail}" if self.detail else str(kind)

    def valid_over(self, first, last) -> bool:
        """Whether it holds on every day from ``first`` to ``last``."""
        return self.issued_on <= first and (self.expires_on is None or self.expires_on >= last)


class Training(TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField(_("course"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    taken_on = models.DateField(_("date"))
    provider = models.CharField(_("given by"), max_length=100, blank=True)

    class Meta:
        ordering = ["-taken_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="staff_training_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.course
