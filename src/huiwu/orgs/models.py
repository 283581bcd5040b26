from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from .enums import Role


class Organization(TimeStampedModel):
    """A tenant: one agency. Nothing of one organisation is ever visible to another."""

    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    two_factor_required = models.BooleanField(
        _("two-factor sign-in required"),
        default=True,
        help_text=_(
            "Owners, administrators and everyone who sees personal data must use an authenticator app."
        ),
    )

    retention_days = models.PositiveIntegerField(
        _("personal data kept (days after a meeting)"),
        default=180,
        help_text=_(
            "Then a daily job de-identifies the meeting's attendees: names become pseudonyms, contacts go."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.VIEWER)
    is_active = models.BooleanField(_("active"), default=True)
    # The secret in this member's calendar-feed address (deadlines as ICS); created on first use.
    feed_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # Not a column: set on the membership an API token carries (its scopes; None = the whole role).
    token_scopes: frozenset[str] | None = None

    class Meta:
        ordering = ["org__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["org", "user"], name="membership_one_per_user_and_org")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.org} ({self.role})"


class Invitation(TimeStampedModel):
    """An e-mailed link that makes its holder a member with ``role``. Only the token's hash is kept."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.PLANNER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.org}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
