"""Writes about organisations: creating them, inviting colleagues, roles."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.accounts import services as accounts
from huiwu.accounts.models import User
from huiwu.core.audit import diff, log_action, register_actions
from huiwu.core.tokens import hash_secret, new_secret
from huiwu.notifications.services import in_language, notify

from .enums import Role
from .errors import (
    AlreadyMember,
    InvitationExpired,
    InvitationInvalid,
    InvitationUsed,
    InvitationWrongUser,
    LastOwner,
    RetentionInvalid,
    SlugTaken,
    TwoFactorRequired,
)
from .models import Invitation, Membership, Organization
from .rules import needs_two_factor

register_actions(
    {
        "orgs.organization.created": _("created the organisation"),
        "orgs.organization.changed": _("changed the organisation"),
        "orgs.invitation.sent": _("sent an invitation"),
        "orgs.invitation.accepted": _("accepted an invitation"),
        "orgs.invitation.revoked": _("revoked an invitation"),
        "orgs.member.added": _("added a member"),
        "orgs.member.role_changed": _("changed a role"),
        "orgs.member.deactivated": _("removed a member"),
        "orgs.feed.issued": _("made a new calendar feed address"),
    }
)


T = TypeVar("T", bound=Any)  # an invitation: a member's or a supplier's person's


@transaction.atomic
def issue_feed_token(*, membership: Membership, actor) -> str:
    """A new secret address for the member's deadline feed (the old one, if any, stops working)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.feed_token = new_secret(24)
    membership.save(update_fields=["feed_token", "updated_at"])
    log_action("orgs.feed.issued", target=membership, actor=actor, org=membership.org)
    return membership.feed_token


@transaction.atomic
def create_organization(
    *, name: str, slug: str, owner: User | None = None, actor=None, two_factor_required: bool = True
) -> Organization:
    """A new tenant; two-factor sign-in is required of its owners, admins and personal-data roles
    unless ``two_factor_required`` is False (the demo, whose login is printed for anyone to try)."""
    if Organization.objects.filter(slug=slug).exists():
        raise SlugTaken()
    try:
        with transaction.atomic():
            org = Organization.objects.create(name=name, slug=slug, two_factor_required=two_factor_required)
    except IntegrityError as exc:  # lost a race for the slug
        raise SlugTaken() from exc
    log_action("orgs.organization.created", target=org, org=org, actor=actor or owner, data={"name": name})
    if owner is not None:
        add_member(org=org, user=owner, role=Role.OWNER, actor=actor or owner)
    return org


@transaction.atomic
def update_organization(
    *, org: Organization, actor, name: str, timezone_name: str, two_factor_required: bool | None = None,
    retention_days: int | None = None,
) -> Organization:  # fmt: skip
    """The organisation's settings; personal data is kept 7 to 3,650 days after a meeting."""
    fields = ("name", "timezone", "two_factor_required", "retention_days")
    before = {f: getattr(org, f) for f in fields}
    org.name, org.timezone = name, timezone_name
    if two_factor_required is not None:
        org.two_factor_required = two_factor_required
    if retention_days is not None:
        if isinstance(retention_days, bool) or not 7 <= int(retention_days) <= 3650:
            raise RetentionInvalid(details={"field": "retention_days"})
        org.retention_days = int(retention_days)
    org.save(update_fields=[*fields, "updated_at"])
    changes = diff(before, {f: getattr(org, f) for f in fields})
    if changes:
        log_action("orgs.organization.changed", target=org, actor=actor, org=org, changes=changes)
    return org


@transaction.atomic
def add_member(*, org: Organization, user: User, role: str, actor=None) -> Membership:
    membership, created = Membership.objects.get_or_create(org=org, user=user, defaults={"role": role})
    if not created:
        if membership.is_active:
            raise AlreadyMember()
        membership.is_active, membership.role = True, role
        membership.save(update_fields=["is_active", "role", "updated_at"])
    log_action("orgs.member.added", target=membership, org=org, actor=actor, data={"role": role})
    return membership


def _other_owners(membership: Membership) -> bool:
    return (
        Membership.objects.filter(org=membership.org, role=Role.OWNER, is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def change_role(*, membership: Membership, role: str, actor) -> Membership:
    membership = (
        Membership.objects.select_for_update(of=("self",)).select_related("org", "user").get(pk=membership.pk)
    )
    if membership.role == role:
        return membership
    # Lock the organisation's owners so two demotions cannot both pass the check.
    list(Membership.objects.select_for_update().filter(org=membership.org, role=Role.OWNER))
    if membership.role == Role.OWNER and not _other_owners(membership):
        raise LastOwner()
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    log_action(
        "orgs.member.role_changed",
        target=membership,
        org=membership.org,
        actor=actor,
        changes={"role": [old, role]},
    )
    user = membership.user
    notify(
        user=user,
        org=membership.org,
        title=in_language(
            user,
            lambda: (
                gettext("Your role in %(org)s is now %(role)s.")
                % {"org": membership.org.name, "role": Role(role).label}
            ),
        ),
        url=reverse("orgs:dashboard", kwargs={"org": membership.org.slug}),
    )
    return membership


@transaction.atomic
def deactivate_member(*, membership: Membership, actor) -> Membership:
    membership = (
        Membership.objects.select_for_update(of=("self",)).select_related("org").get(pk=membership.pk)
    )
    list(Membership.objects.select_for_update().filter(org=membership.org, role=Role.OWNER))
    if membership.role == Role.OWNER and not _other_owners(membership):
        raise LastOwner()
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    membership.user.api_tokens.filter(org=membership.org, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    log_action("orgs.member.deactivated", target=membership, org=membership.org, actor=actor)
    return membership


@transaction.atomic
def invite_member(*, org: Organization, email: str, role: str, actor) -> tuple[Invitation, str]:
    """Create an invitation and mail its link (after commit). Returns it with the raw token."""
    email = email.strip().lower()
    if Membership.objects.filter(org=org, user__email__iexact=email, is_active=True).exists():
        raise AlreadyMember()
    raw = new_secret()
    invitation = Invitation.objects.create(
        org=org,
        email=email,
        role=role,
        token_hash=hash_secret(raw),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.HUIWU_INVITATION_DAYS),
    )
    log_action("orgs.invitation.sent", target=invitation, actor=actor, data={"email": email, "role": role})
    link = settings.SITE_URL + reverse("accounts:invitation", kwargs={"token": raw})
    subject = gettext("%(name)s invites you to %(org)s on Huiwu") % {"name": actor, "org": org.name}
    body = render_to_string(
        "orgs/email/invitation.txt",
        {"org": org, "actor": actor, "link": link, "role": Role(role).label, "invitation": invitation},
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation, raw


def invitation_for_token(raw: str) -> Invitation:
    """The invitation behind a link; raises the error a user should see when it cannot be used."""
    invitation = Invitation.objects.select_related("org").filter(token_hash=hash_secret(raw or "")).first()
    return check_usable(invitation)


def check_usable(invitation: T | None) -> T:
    """An invitation link (of a member or of a supplier's person) as it may be used: found, not revoked,
    not used, not expired; else the error its holder should see."""
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationInvalid()
    if invitation.accepted_at is not None:
        raise InvitationUsed()
    if invitation.expires_at <= timezone.now():
        raise InvitationExpired()
    return invitation


@transaction.atomic
def accept_invitation(*, raw_token: str, user: User) -> Membership:
    invitation = invitation_for_token(raw_token)
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("org", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None:
        raise InvitationUsed()
    if (user.email or "").lower() != invitation.email:
        raise InvitationWrongUser()
    membership = add_member(org=invitation.org, user=user, role=invitation.role, actor=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    log_action("orgs.invitation.accepted", target=invitation, actor=user)
    inviter = invitation.invited_by
    if inviter is not None:
        notify(
            user=inviter,
            org=invitation.org,
            title=in_language(
                inviter,
                lambda: gettext("%(name)s joined %(org)s.") % {"name": user, "org": invitation.org.name},
            ),
            url=reverse("orgs:members", kwargs={"org": invitation.org.slug}),
        )
    return membership


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, actor) -> Invitation:
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        log_action("orgs.invitation.revoked", target=invitation, actor=actor)
    return invitation


@transaction.atomic
def sign_up_with_invitation(*, raw_token: str, name: str, username: str, password: str) -> Membership:
    """Create the invited person's account with the invitation's address, then accept it."""
    invitation = invitation_for_token(raw_token)
    user = User.objects.create_user(username=username, email=invitation.email, password=password, name=name)
    return accept_invitation(raw_token=raw_token, user=user)


@transaction.atomic
def disable_two_factor(*, user: User, code: str) -> None:
    """Turn a person's two-factor sign-in off, unless a role of theirs in some organisation requires
    it (then :class:`TwoFactorRequired` names those organisations). The code is checked as at sign-in."""
    required = [m.org.name for m in Membership.objects.filter(user=user, is_active=True).select_related("org")
                if needs_two_factor(m)]  # fmt: skip
    if required:
        raise TwoFactorRequired(
            _("%(orgs)s require two-factor sign-in for your role; it cannot be turned off.")
            % {"orgs": "、".join(required)}
        )
    accounts.disable_totp(user=user, code=code)
