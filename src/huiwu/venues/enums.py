from django.db import models
from django.utils.translation import gettext_lazy as _


class Layout(models.TextChoices):
    THEATRE = "theatre", _("Theatre")
    CLASSROOM = "classroom", _("Classroom")
    BANQUET = "banquet", _("Banquet")
    U_SHAPE = "u_shape", _("U-shape")
    RECEPTION = "reception", _("Reception (standing)")


# Square metres one person needs in each layout: a layout cannot seat more than area / this.
AREA_PER_PERSON = {
    Layout.THEATRE: 0.8,
    Layout.CLASSROOM: 1.4,
    Layout.BANQUET: 1.2,
    Layout.U_SHAPE: 2.5,
    Layout.RECEPTION: 0.6,
}


class Dimension(models.TextChoices):
    """The five dimensions of the venue evaluation (五维评估)."""

    CAPACITY = "capacity", _("Capacity")
    TRANSPORT = "transport", _("Transport accessibility")
    FACILITIES = "facilities", _("Facilities")
    ATMOSPHERE = "atmosphere", _("Atmosphere fit")
    COST = "cost", _("Cost incl. hidden costs")
