from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_fields
from huiwu.core.tokens import hash_secret, new_secret
from huiwu.orgs.access import require
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership
from huiwu.orgs.rules import can, has_two_factor, needs_two_factor

from .errors import TokenInvalid
from .models import ApiToken

register_actions(
    {
        "api.token.created": _("created an API token"),
        "api.token.revoked": _("revoked an API token"),
    }
)

TOKEN_PREFIX = "hw_"  # noqa: S105  (a public marker that says "this is a Huiwu token", not a secret)


EXPIRY_DAYS = (30, 90, 365)  # the choices offered; None (until revoked) is allowed too
DEFAULT_EXPIRY_DAYS = 90


@transaction.atomic
def create_token(
    *, membership: Membership, name: str, expires_in_days: int | None = DEFAULT_EXPIRY_DAYS, scopes=()
) -> tuple[ApiToken, str]:
    """A new token for the membership's user and organisation; the raw value is shown only once.
    ``scopes`` narrows it to some of the member's permissions (empty: the whole role)."""
    require(membership, Perm.USE_API)
    name = clean_fields(ApiToken, {"name": name})["name"]
    if expires_in_days is not None and not (isinstance(expires_in_days, int) and 1 <= expires_in_days <= 366):
        raise TokenInvalid(
            _("A token lasts 1 to 366 days, or until revoked."), details={"field": "expires_in_days"}
        )
    scopes = sorted(set(scopes))
    beyond = [s for s in scopes if s not in Perm.values or not can(membership, s)]
    if beyond:
        raise TokenInvalid(
            _("A token can only have permissions of your role."),
            details={"field": "scopes", "values": beyond},
        )
    raw = TOKEN_PREFIX + new_secret(30)
    expires = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
    token = ApiToken.objects.create(
        org=membership.org, user=membership.user, name=name, prefix=raw[:10], token_hash=hash_secret(raw),
        expires_at=expires, scopes=scopes,
    )  # fmt: skip
    data = {"name": name, "expires_at": expires.isoformat() if expires else None, "scopes": scopes}
    log_action("api.token.created", target=token, actor=membership.user, data=data)
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, actor) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action("api.token.revoked", target=token, actor=actor)
    return token


def authenticate_token(raw: str) -> tuple[ApiToken, Membership] | None:
    """The live token and its membership, or None (unknown, revoked, expired, the member has left, or
    their role needs two-factor sign-in that they have not set up). The membership carries the
    token's scopes: ``rules.can`` allows only those."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("org", "user")
        .filter(token_hash=hash_secret(raw), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    membership = (
        Membership.objects.filter(org=token.org, user=token.user, is_active=True)
        .select_related("org")
        .first()
    )
    if membership is None or (needs_two_factor(membership) and not has_two_factor(token.user)):
        return None
    membership.token_scopes = frozenset(token.scopes) or None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, membership
