from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    """DOMAIN.md's personnel standards: what a person of the agency may have to show."""

    HEALTH = "health", _("Health certificate")
    FIRST_AID = "first_aid", _("First-aid certificate")
    VENDOR = "vendor", _("Vendor certification")
    ETIQUETTE = "etiquette", _("Etiquette training")
    LANGUAGE = "language", _("Foreign language")
