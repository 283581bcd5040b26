from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    """DOMAIN.md stage 4: general (a small equipment fault), important (a speaker cancels), major (fire,
    medical)."""

    GENERAL = "general", _("General")
    IMPORTANT = "important", _("Important")
    MAJOR = "major", _("Major")


class Stage(models.TextChoices):
    """The timers an incident runs against, each counted from the report."""

    RESPOND = "respond", _("Respond")
    DECIDE = "decide", _("Decide")
    RESOLVE = "resolve", _("Resolve")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Reported")
    ACKNOWLEDGED = "acknowledged", _("Responded")
    DECIDED = "decided", _("Decided")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class Category(models.TextChoices):
    EQUIPMENT = "equipment", _("Equipment / AV")
    SPEAKER = "speaker", _("Speaker / programme")
    VENUE = "venue", _("Venue / power / network")
    CATERING = "catering", _("Catering")
    GUEST = "guest", _("Guest service")
    SAFETY = "safety", _("Safety / security")
    MEDICAL = "medical", _("Medical")
    WEATHER = "weather", _("Weather")
    OTHER = "other", _("Other")
