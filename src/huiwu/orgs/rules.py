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
    return membership is not None and membership.is_active and role_has_perm(membership.role, perm)
