from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from .enums import AREA_PER_PERSON, Layout

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Venue(TimeStampedModel):
    """A hotel, conference centre or hall the agency can book, with what it really costs."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    airport_minutes = models.PositiveSmallIntegerField(_("minutes to the airport"), null=True, blank=True)
    rail_minutes = models.PositiveSmallIntegerField(_("minutes to the rail station"), null=True, blank=True)
    step_free = models.BooleanField(_("step-free route"), default=False)
    lifts = models.BooleanField(_("lifts"), default=False)
    accessible_toilets = models.BooleanField(_("accessible toilets"), default=False)
    indoor_backup = models.CharField(
        _("indoor backup space"),
        max_length=200,
        blank=True,
        help_text=_("Where outdoor parts move in bad weather."),
    )
    atmosphere = models.CharField(
        _("style"),
        max_length=200,
        blank=True,
        help_text=_("For example: technology, classic, garden, industrial."),
    )
    day_rate = models.DecimalField(_("day rate (¥)"), **MONEY, default=Decimal(0))
    overtime_per_hour = models.DecimalField(_("overtime per hour (¥)"), **MONEY, default=Decimal(0))
    cleaning_fee = models.DecimalField(_("cleaning fee (¥)"), **MONEY, default=Decimal(0))
    power_fee = models.DecimalField(_("power fee (¥)"), **MONEY, default=Decimal(0))
    build_up_days = models.PositiveSmallIntegerField(_("build-up days charged"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["city", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "name"],
                name="venue_name_unique_in_org",
                violation_error_message=_("A venue with this name already exists."),
            )
        ]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return self.name

    def cost_for(self, days: int, overtime_hours: int = 0) -> Decimal:
        """Hire for ``days`` meeting days plus build-up days, overtime and the fixed fees."""
        hire_days = max(days, 1) + self.build_up_days
        return (
            self.day_rate * hire_days
            + self.overtime_per_hour * overtime_hours
            + self.cleaning_fee
            + self.power_fee
        )


class Room(TimeStampedModel):
    """A hall or room of a venue: capacity per layout, size and equipment."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=200)
    area = models.PositiveIntegerField(_("area (m²)"), validators=[MinValueValidator(1)])
    ceiling_height = models.DecimalField(
        _("ceiling height (m)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    theatre = models.PositiveIntegerField(_("theatre"), default=0)
    classroom = models.PositiveIntegerField(_("classroom"), default=0)
    banquet = models.PositiveIntegerField(_("banquet"), default=0)
    u_shape = models.PositiveIntegerField(_("U-shape"), default=0)
    reception = models.PositiveIntegerField(_("reception"), default=0)
    projector_lumens = models.PositiveIntegerField(_("projector brightness (lm)"), default=0)
    projector_4k = models.BooleanField(_("4K projector"), default=False)
    sound_radius_m = models.PositiveSmallIntegerField(_("sound coverage radius (m)"), default=0)
    wired_mics = models.PositiveSmallIntegerField(_("wired microphones"), default=0)
    wireless_mics = models.PositiveSmallIntegerField(_("wireless microphones"), default=0)
    interpretation_booths = models.PositiveSmallIntegerField(_("interpretation booths"), default=0)
    interpretation_languages = models.JSONField(_("interpretation languages"), default=list, blank=True)
    bandwidth_mbps = models.PositiveIntegerField(_("network bandwidth (Mbps)"), default=0)
    network_redundant = models.BooleanField(_("redundant network (5G + wired)"), default=False)
    led_screen = models.BooleanField(_("LED screen"), default=False)

    class Meta:
        ordering = ["venue__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(theatre__gt=0)
                | Q(classroom__gt=0)
                | Q(banquet__gt=0)
                | Q(u_shape__gt=0)
                | Q(reception__gt=0),
                name="room_seats_someone",
                violation_error_message=_("Give the capacity of at least one layout."),
            )
        ]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return f"{self.venue} · {self.name}"

    def capacity(self, layout: str) -> int:
        return getattr(self, layout)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        for layout in Layout:
            seats = getattr(self, layout.value) or 0
            if self.area and seats > int(self.area / AREA_PER_PERSON[layout]):
                errors[layout.value] = _(
                    "%(seats)s people do not fit in %(area)s m² in this layout (at most %(max)s)."
                ) % {"seats": seats, "area": self.area, "max": int(self.area / AREA_PER_PERSON[layout])}
        if errors:
            raise ValidationError(errors)


class Hold(models.Model):
    """A room held or booked for a meeting on some days (the availability calendar)."""

    class Kind(models.TextChoices):
        HOLD = "hold", _("Hold")
        BOOKED = "booked", _("Booked")

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="holds")
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="venue_holds")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOLD)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="hold_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.start_date}–{self.end_date}"


def default_weights() -> dict:
    return {"capacity": 25, "transport": 20, "facilities": 25, "atmosphere": 10, "cost": 20}


class EvaluationWeights(models.Model):
    """How much each of the five dimensions counts, per organisation (percent, summing to 100)."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="venue_weights")
    weights = models.JSONField(default=default_weights)

    def __str__(self) -> str:
        return f"weights of {self.org}"


class Evaluation(TimeStampedModel):
    """A candidate venue (one room, one layout) for a meeting, scored on the five dimensions."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="venue_evaluations")
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("room")
    )
    layout = models.CharField(_("layout"), max_length=20, choices=Layout.choices, default=Layout.THEATRE)
    atmosphere_score = models.PositiveSmallIntegerField(
        _("atmosphere fit (0-10)"),
        default=5,
        validators=[MaxValueValidator(10)],
        help_text=_("Your judgement: how well the place fits the theme."),
    )
    overtime_hours = models.PositiveSmallIntegerField(_("expected overtime hours"), default=0)
    # Scores are computed when shown (services/scoring.py), never stored: they depend on the other
    # candidates and on the organisation's weights. The choice keeps a copy in the audit trail.
    chosen = models.BooleanField(default=False)
    reason = models.TextField(_("reason for the choice"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-chosen", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "room", "layout"], name="one_evaluation_per_room_layout"
            ),
            models.UniqueConstraint(fields=["meeting"], condition=Q(chosen=True), name="one_chosen_venue"),
        ]

    def __str__(self) -> str:
        return f"{self.room} for {self.meeting}"


def venue_file_path(instance, filename: str) -> str:
    return f"venues/{instance.venue.org_id}/{instance.venue_id}/{filename}"


class VenueFile(models.Model):
    """A photo or floor plan of a venue (images only)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        FLOOR_PLAN = "floor_plan", _("Floor plan")

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PHOTO)
    file = models.FileField(_("image"), upload_to=venue_file_path, max_length=300)
    name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.name
