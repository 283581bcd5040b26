"""Check-in at the gates: gates with their rules, every scan as received, one admission per
attendee and day (a unique constraint: exactly once, also on SQLite)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from huiwu.core.models import TimeStampedModel


class GateKind(models.TextChoices):
    FAST = "fast", _("Fast lane (e-code)")
    MANUAL = "manual", _("Manual desk")
    VIP = "vip", _("VIP desk")
    CUSTOM = "custom", _("Other gate")


class Direction(models.TextChoices):
    IN = "in", _("Entrance")
    OUT = "out", _("Exit (re-entry allowed)")


class ScanStatus(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("scan", "Accepted")
    ALREADY = "already_checked_in", _("Already checked in")
    INVALID = "invalid", _("Not a valid badge")
    REVOKED = "revoked", _("Badge replaced by a new one")
    NOT_ALLOWED = "not_allowed", _("Not admitted at this gate")
    WRONG_MEETING = "wrong_meeting", _("Badge of another meeting")


class Gate(TimeStampedModel):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="gates")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=GateKind.choices, default=GateKind.FAST)
    categories = models.JSONField(_("only these categories"), default=list, blank=True)
    days = models.JSONField(_("only these days"), default=list, blank=True)  # ISO dates
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.IN
    )
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["name", "id"]

    def category_labels(self) -> list[str]:
        from huiwu.attendees.enums import Category

        return [str(Category(v).label) if v in Category.values else v for v in self.categories]

    def __str__(self) -> str:
        return self.name


class Device(models.Model):
    """A scanner paired to one gate: its own bearer token (only the hash is kept), revocable.

    Staff add a device and show its one-time pairing QR (valid 15 minutes); the phone that opens it
    gets the token (as a cookie for the scanner page, or in JSON for a third-party scanner app)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="devices")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    pairing_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    pairing_expires_at = models.DateTimeField(null=True, blank=True)
    paired_at = models.DateTimeField(_("paired"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Scan(models.Model):
    """A scan as the gate sent it: kept for every answer, so a retry gets the same answer back."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="+", db_index=False)
    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="scans")
    scan_id = models.CharField(max_length=64)
    badge_digest = models.CharField(max_length=64)  # SHA-256 of the payload: the payload itself is not kept
    attendee = models.ForeignKey(
        "attendees.Attendee", null=True, blank=True, on_delete=models.CASCADE, related_name="scans"
    )
    status = models.CharField(max_length=20, choices=ScanStatus.choices)
    reason = models.CharField(max_length=40, blank=True)
    scanned_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Offline scans: what the device told the gate, and whether that clashes with the server's answer
    # (the same badge admitted at two offline gates): flagged for review, never dropped or merged.
    offline = models.BooleanField(default=False)
    device_status = models.CharField(max_length=20, blank=True)
    flagged = models.BooleanField(default=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "scan_id"], name="scan_id_once")]
        indexes = [
            models.Index(fields=["meeting", "received_at"]),
            models.Index(fields=["meeting"], condition=models.Q(flagged=True), name="scan_flagged"),
        ]

    def __str__(self) -> str:
        return f"{self.scan_id}: {self.status}"


class CheckIn(models.Model):
    """The admission: one per attendee and day."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="+", db_index=False)
    attendee = models.ForeignKey("attendees.Attendee", on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField()
    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="checkins")
    scan = models.OneToOneField(Scan, on_delete=models.CASCADE, related_name="checkin")
    at = models.DateTimeField()
    # Exit and re-entry (exit gates): each movement is a conditional update, so it too counts once.
    inside = models.BooleanField(default=True)
    entries = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attendee", "day"], name="checkin_once_a_day")]
        indexes = [models.Index(fields=["meeting", "day"])]

    def __str__(self) -> str:
        return f"{self.attendee_id} {self.day}"
