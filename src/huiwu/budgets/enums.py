from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    OVER = "over", _("over")
    UNDER = "under", _("under")


class DecisionKind(models.TextChoices):
    """What the weekly review decides for a line over its plan (DOMAIN.md stage 3: overspend is
    renegotiated or replaced)."""

    RENEGOTIATE = "renegotiate", _("Renegotiate with the supplier")
    REPLACE = "replace", _("Replace the supplier (a backup)")
    ACCEPT = "accept", _("Accept, with a reason")
    MOVE = "move", _("Move money from another category")
