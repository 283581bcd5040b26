"""Reads of the tenancy kernel that other apps' rules ask."""

from huiwu.accounts.models import User

from .models import Membership, Organization


def is_member(org: Organization, user: User) -> bool:
    """``user`` has an active membership of ``org`` (an owner, a planner, on-site staff, …)."""
    return Membership.objects.filter(org=org, user=user, is_active=True).exists()
