"""Reads of the tenancy kernel that other apps' rules ask."""

from .models import Membership


def is_member(org, user) -> bool:
    """``user`` has an active membership of ``org`` (an owner, a planner, on-site staff, …)."""
    return Membership.objects.filter(org=org, user=user, is_active=True).exists()
