from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import log_action, register_actions
from huiwu.core.tokens import hash_secret, new_secret
from huiwu.orgs.access import require
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership

from .models import ApiToken

register_actions(
    {
        "api.token.created": _("created an API token"),
        "api.token.revoked": _("revoked an API token"),
    }
)

TOKEN_PREFIX = "hw_"  # noqa: S105  (a public marker that says "this is a Huiwu token", not a secret)


@transaction.atomic
def create_token(*, membership: Membership, name: str) -> tuple[ApiToken, str]:
    """A new token for the membership's user and organisation; the raw value is shown only once."""
    require(membership, Perm.USE_API)
    raw = TOKEN_PREFIX + new_secret(30)
    token = ApiToken.objects.create(
        org=membership.org, user=membership.user, name=name, prefix=raw[:10], token_hash=hash_secret(raw)
    )
    log_action("api.token.created", target=token, actor=membership.user, data={"name": name})
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, actor) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action("api.token.revoked", target=token, actor=actor)
    return token


def authenticate_token(raw: str) -> tuple[ApiToken, Membership] | None:
    """The live token and its membership, or None (unknown, revoked, or the member has left)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("org", "user")
        .filter(token_hash=hash_secret(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    membership = (
        Membership.objects.filter(org=token.org, user=token.user, is_active=True)
        .select_related("org")
        .first()
    )
    if membership is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, membership
