from huiwu.orgs.enums import Role
from huiwu.orgs.models import Membership


def editor(scoped) -> Membership:
    """Someone who may change the budget of ``scoped`` (a meeting or budget): its organisation's owner."""
    return Membership.objects.filter(org_id=scoped.org_id, role=Role.OWNER).order_by("pk").first()
