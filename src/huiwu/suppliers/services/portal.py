"""The supplier portal's access: a supplier's people invited by e-mail, signing in with their own
account, seeing that supplier's assignments only (``selectors.portal_*``). What they do there goes
through the same commands as the team's pages: answering a quote (``selection.answer_quote``), adding a
document (``add_document``), acknowledging the run sheet and reporting a problem (``onsite.runsheet``)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.accounts.models import User
from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_fields
from huiwu.core.tokens import hash_secret, new_secret
from huiwu.orgs.errors import InvitationUsed, InvitationWrongUser
from huiwu.orgs.services import check_usable

from ..errors import PortalAlready
from ..models import PortalInvitation, PortalUser, Supplier

register_actions(
    {
        "suppliers.portal.invited": gettext_lazy("Supplier invited to the portal"),
        "suppliers.portal.joined": gettext_lazy("Supplier's person joined the portal"),
        "suppliers.portal.revoked": gettext_lazy("Supplier's portal access revoked"),
    }
)


@transaction.atomic
def invite(*, supplier: Supplier, email: str, actor: User | None) -> tuple[PortalInvitation, str]:
    """Mail a link to the portal (after commit). Returns the invitation and the raw token."""
    email = clean_fields(PortalInvitation, {"email": (email or "").strip().lower()})["email"]
    if PortalUser.objects.filter(
        supplier=supplier, user__email__iexact=email, revoked_at__isnull=True
    ).exists():
        raise PortalAlready(details={"field": "email"})
    raw = new_secret()
    invitation = PortalInvitation.objects.create(
        supplier=supplier,
        email=email,
        token_hash=hash_secret(raw),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.HUIWU_INVITATION_DAYS),
    )
    log_action(
        "suppliers.portal.invited", target=supplier, actor=actor, org=supplier.org, data={"email": email}
    )
    link = settings.SITE_URL + reverse("portal:invitation", kwargs={"token": raw})
    words = {"org": supplier.org.name, "supplier": supplier.name}
    subject = gettext("%(org)s invites %(supplier)s to its supplier portal on Huiwu") % words
    body = render_to_string(
        "suppliers/email/portal_invitation.txt",
        {**words, "link": link, "days": settings.HUIWU_INVITATION_DAYS},
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation, raw


def invitation_for_token(raw: str) -> PortalInvitation:
    """The invitation behind a link, or the error its holder should see."""
    invitation = (
        PortalInvitation.objects.select_related("supplier__org")
        .filter(token_hash=hash_secret(raw or ""))
        .first()
    )
    found: PortalInvitation = check_usable(invitation)
    return found


@transaction.atomic
def accept(*, raw_token: str, user: User) -> PortalUser:
    """The invited person, signed in with the invited address, gains the portal for the supplier."""
    invitation = invitation_for_token(raw_token)
    invitation = (
        PortalInvitation.objects.select_for_update().select_related("supplier__org").get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None:
        raise InvitationUsed()
    if (user.email or "").lower() != invitation.email:
        raise InvitationWrongUser()
    access, _made = PortalUser.objects.update_or_create(
        supplier=invitation.supplier,
        user=user,
        defaults={"revoked_at": None, "invited_by": invitation.invited_by},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    log_action("suppliers.portal.joined", target=invitation.supplier, actor=user, org=invitation.supplier.org)
    return access


@transaction.atomic
def sign_up(*, raw_token: str, name: str, username: str, password: str) -> PortalUser:
    """Create the invited person's account with the invited address, then accept."""
    invitation = invitation_for_token(raw_token)
    user = User.objects.create_user(username=username, email=invitation.email, password=password, name=name)
    return accept(raw_token=raw_token, user=user)


@transaction.atomic
def revoke(*, access: PortalUser, actor: User | None) -> PortalUser:
    if access.revoked_at is None:
        access.revoked_at = timezone.now()
        access.save(update_fields=["revoked_at", "updated_at"])
        log_action("suppliers.portal.revoked", target=access.supplier, actor=actor, org=access.supplier.org,
                   data={"user": access.user_id})  # fmt: skip
    return access
