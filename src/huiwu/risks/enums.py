from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    WEATHER = "weather", _("Weather")
    TECHNICAL = "technical", _("Technical")
    STAFFING = "staffing", _("Staffing")
    SUPPLY = "supply", _("Supply")
    PUBLIC_OPINION = "public_opinion", _("Public opinion")
    CYBER = "cyber", _("Cyber")
    MEDICAL = "medical", _("Medical")
    CROWDING = "crowding", _("Crowding")
    SECURITY = "security", pgettext_lazy("risk category", "Security")


class RiskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("risk status", "Open")
    MITIGATED = "mitigated", _("Mitigated")
    CLOSED = "closed", pgettext_lazy("risk status", "Closed")


LEVELS = [(i, str(i)) for i in range(1, 6)]
