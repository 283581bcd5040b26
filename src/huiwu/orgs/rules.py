"""Which role may do what: the one table every permission check reads."""

from .enums import Perm, Role

_ALL = frozenset(Perm)
_STAFF = frozenset({Perm.VIEW, Perm.USE_API, Perm.RUN_JOBS})

ROLE_PERMS: dict[str, frozenset[Perm]] = {
    Role.OWNER: _ALL,
    Role.ADMIN: _ALL,
    Role.PROJECT_MANAGER: _STAFF
    | {Perm.VIEW_AUDIT, Perm.EDIT_CLIENTS, Perm.EDIT_MEETINGS, Perm.OPERATE_ONSITE, Perm.VIEW_PERSONAL},
    Role.PLANNER: _STAFF | {Perm.EDIT_CLIENTS, Perm.EDIT_MEETINGS},
    Role.FINANCE: _STAFF | {Perm.EDIT_FINANCE, Perm.VIEW_AUDIT},
    Role.ONSITE: _STAFF | {Perm.OPERATE_ONSITE},
    Role.VIEWER: frozenset({Perm.VIEW}),
}


def role_has_perm(role: str, perm: Perm | str) -> bool:
    return perm in ROLE_PERMS.get(role, frozenset())


def can(membership, perm: Perm | str) -> bool:
    """The role allows it, and so does the API token the request came with (its scopes, if any)."""
    if membership is None or not membership.is_active or not role_has_perm(membership.role, perm):
        return False
    scopes = getattr(membership, "token_scopes", None)
    return scopes is None or perm in scopes


def needs_two_factor(membership) -> bool:
    """Owners, administrators and roles that see personal data sign in with two factors, when their
    organisation requires it (the default)."""
    if membership is None or not membership.org.two_factor_required:
        return False
    return membership.role in (Role.OWNER, Role.ADMIN) or role_has_perm(membership.role, Perm.VIEW_PERSONAL)


def has_two_factor(user) -> bool:
    from huiwu.accounts.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()
