from ninja import Router
from ninja.pagination import paginate

from huiwu.core.models import AuditEntry
from huiwu.orgs.access import require, scoped
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership
from huiwu.orgs.rules import ROLE_PERMS

from ..pagination import Pagination
from ..schemas.orgs import AuditEntryOut, MemberOut, MeOut

router = Router(tags=["organisation"])


@router.get("/me", response=MeOut, summary="The token's user, organisation and permissions")
def me(request):
    m = request.membership
    return {
        "id": m.user.pk,
        "username": m.user.username,
        "name": m.user.name,
        "email": m.user.email,
        "role": m.role,
        "permissions": sorted(str(p) for p in ROLE_PERMS.get(m.role, ())),
        "org": m.org,
    }


@router.get("/members", response=list[MemberOut], summary="Active members of the organisation")
@paginate(Pagination)
def members(request):
    require(request.membership, Perm.VIEW)
    qs = scoped(Membership, request.org).filter(is_active=True).select_related("user").order_by("id")
    return [
        {"id": m.pk, "user_id": m.user_id, "username": m.user.username, "name": m.user.name, "role": m.role}
        for m in qs
    ]


@router.get("/audit", response=list[AuditEntryOut], summary="The organisation's audit trail, newest first")
@paginate(Pagination)
def audit(request):
    require(request.membership, Perm.VIEW_AUDIT)
    qs = scoped(AuditEntry, request.org).select_related("actor")
    return [
        {
            "id": e.pk,
            "action": e.action,
            "actor": str(e.actor) if e.actor else None,
            "target_type": e.target_type,
            "target_id": e.target_id,
            "target_repr": e.target_repr,
            "changes": e.changes,
            "created_at": e.created_at,
        }
        for e in qs
    ]
