from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingType(models.TextChoices):
    BRAND_LAUNCH = "brand_launch", _("Brand launch")
    TRAINING = "training", _("Training")
    CUSTOMER_APPRECIATION = "customer_appreciation", _("Customer appreciation")
    SUMMIT = "summit", _("Summit / forum")
    GOVERNMENT = "government", _("Government meeting")
    ACADEMIC = "academic", _("Academic meeting")
    GALA = "gala", _("Gala")
    OTHER = "other", _("Other")


class MeetingMode(models.TextChoices):
    ONSITE = "onsite", _("On-site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Stage(models.IntegerChoices):
    """The five stages of DOMAIN.md, each planned against day T."""

    INTAKE = 1, _("Requirement intake (T-60 → T-45)")
    PLANNING = 2, _("Planning (T-45 → T-30)")
    CONTRACTS = 3, _("Contracts and budget (T-30 → T-20)")
    ONSITE = 4, _("On-site execution (T → T+1)")
    WRAPUP = 5, _("Wrap-up (T+1 → T+7)")
