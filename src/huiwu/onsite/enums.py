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


class PostRole(models.TextChoices):
    """DOMAIN.md stage 4: chief coordinator 1, venue lead 1, tech lead 1, reception 2, emergency 2, catering
    lead 1; check-in guides by the lanes; suppliers' on-site contacts on the same sheet."""

    COORDINATOR = "coordinator", _("Chief coordinator")
    VENUE = "venue", _("Venue lead")
    TECH = "tech", _("Tech lead")
    RECEPTION = "reception", _("Reception")
    EMERGENCY = "emergency", _("Emergency")
    CATERING = "catering", _("Catering lead")
    CHECKIN = "checkin", _("Check-in guide")
    OTHER = "other", _("Other post")
    SUPPLIER = "supplier", _("Supplier contact")


class ChecklistKind(models.TextChoices):
    """DOMAIN.md stage 4 preparation, each with its deadline."""

    MATERIALS = "materials", _("Materials verified, with spares (by T-3)")
    EQUIPMENT = "equipment", _("Equipment tested, tech ready (2 h before the start)")
    REHEARSAL = "rehearsal", _("Speaker rehearsal (30 min before the segment)")
    BRIEFING = "briefing", _("Morning briefing (1 h before the start)")
    CATERING = "catering", _("Catering batch, food sample kept")
    OTHER = "other", _("Other checklist")
