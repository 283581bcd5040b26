"""Reads of the tenancy kernel that other apps' rules ask."""

from typing import Any

from huiwu.accounts.models import User

from .enums import Perm
from .errors import NotAMember
from .models import Membership, Organization
from .rules import role_has_perm


def is_member(org: Organization, user: User) -> bool:
    """``user`` has an active membership of ``org`` (an owner, a planner, on-site staff, …)."""
    return Membership.objects.filter(org=org, user=user, is_active=True).exists()


def members_with(org: Organization, perm: Perm) -> list[User]:
    """The users of ``org``'s active memberships whose role allows ``perm`` (whom to tell)."""
    return [
        m.user
        for m in Membership.objects.filter(org=org, is_active=True).select_related("user")
        if role_has_perm(m.role, perm)
    ]


def require_member(org: Organization, user: User | None, *, field: str, message: Any = None) -> None:
    """Refuse ``user`` (``NotAMember`` at ``field``) unless it is None or an active member of ``org``."""
    if user is not None and not is_member(org, user):
        raise NotAMember(message, details={"field": field})
