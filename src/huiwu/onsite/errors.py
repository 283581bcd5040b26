from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict


class Stale(Conflict):
    """A change based on a version someone changed since (a cue, a checklist): refused, nothing lost."""

    code = "stale"
    default_message = _("Someone changed this a moment ago: look at it again, then repeat.")
