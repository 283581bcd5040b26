from django.conf import settings
from django.utils import timezone

from .access import user_orgs
from .enums import Perm
from .rules import can


def shell(request):
    """What the app shell needs on every page: the current organisation, the switcher, counts."""
    membership = getattr(request, "membership", None)
    org = getattr(request, "org", None)
    ctx = {
        "current_org": org,
        "current_membership": membership,
        "LANGUAGES": settings.LANGUAGES,
        "now": timezone.now(),
    }
    user = getattr(request, "user", None)  # absent when a request fails before the middleware
    if user is not None and user.is_authenticated:
        from huiwu.notifications.selectors import unread_count

        ctx["my_memberships"] = user_orgs(user)
        ctx["unread_notifications"] = unread_count(user)
    if membership is not None:
        ctx["perms_here"] = {p.value.replace(".", "_"): can(membership, p) for p in Perm}
    return ctx
