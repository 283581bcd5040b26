from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The inspections of a meeting: one per kind and place, each done by its post."""

    VENUE_SAFETY = "venue_safety", _("Venue safety")
    ENVIRONMENT = "environment", _("Room environment")
    CATERING = "catering", _("Catering hygiene")
    TECHNICAL = "technical", _("Technical")
    NETWORK = "network", _("Network and power")
    SAFETY = "safety", _("Safety equipment")
    TIMING = "timing", _("Timing")


class Result(models.TextChoices):
    PENDING = "pending", _("not checked")
    PASS = "pass", _("pass")
    FAIL = "fail", _("fail")
