from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a supplier delivers (DOMAIN.md: who the suppliers are); a supplier may offer several."""

    VENUE = "venue", _("Venue / hotel")
    AV = "av", _("AV equipment")
    CATERING = "catering", _("Catering")
    DESIGN = "design", _("Design and printing")
    TRANSLATION = "translation", _("Translation and interpretation")
    STREAMING = "streaming", _("Live streaming")
    TRANSPORT = "transport", _("Transport")
    ETIQUETTE = "etiquette", _("Etiquette")
    SECURITY = "security", _("Security service")
    PHOTOGRAPHY = "photography", _("Photography and video")


# a meeting cannot go ahead without these: each needs a backup supplier besides the chosen one
CRITICAL = (Category.VENUE, Category.AV, Category.CATERING, Category.STREAMING)


class Tier(models.TextChoices):
    A = "A", _("Tier A")
    B = "B", _("Tier B")
    C = "C", _("Tier C")


class DocumentKind(models.TextChoices):
    LICENCE = "licence", _("Business licence")
    PERMIT = "permit", _("Permit")
    CERTIFICATION = "certification", _("Certification")
    INSURANCE = "insurance", _("Insurance")
    OTHER = "other", _("Other document")


class Dimension(models.TextChoices):
    """What the team rates a supplier on after a meeting, 1 to 5 each."""

    PUNCTUALITY = "punctuality", _("Punctuality")
    QUALITY = "quality", _("Quality")
    RESPONSIVENESS = "responsiveness", _("Responsiveness")
    COMPLIANCE = "compliance", _("Standards compliance")
    COOPERATION = "cooperation", _("Cooperation")


class NeedSource(models.TextChoices):
    REQUIREMENTS = "requirements", _("from the requirements")
    MEETING = "meeting", _("from the meeting's size and mode")
    FEASIBILITY = "feasibility", _("from a feasibility gap")
    AGENDA = "agenda", _("from the agenda")
    MANUAL = "manual", _("added by hand")


class Result(models.TextChoices):
    PASS = "pass", _("passed")
    FAIL = "fail", _("failed")


class Trial(models.TextChoices):
    PASS = "pass", _("passed")
    FAIL = "fail", _("failed")
    WAIVED = "waived", _("not needed")


class Standing(models.TextChoices):
    """Where a candidate stands for a need."""

    SHORTLISTED = "shortlisted", _("shortlisted")
    CHOSEN = "chosen", _("chosen")
    BACKUP = "backup", _("backup")
    DROPPED = "dropped", _("dropped")


class Review(models.TextChoices):
    """The qualification review before signing: each item confirmed by the team."""

    LICENCE = "licence", _("Business licence valid and matching the credit code")
    PERMITS = "permits", _("Permits the service needs (food, broadcasting, …) valid")
    INSURANCE = "insurance", _("Liability insurance covers the meeting")
    REFERENCES = "references", _("Cases confirmed with their references")
    STAFF = "staff", _("Named on-site staff and their certificates")
