from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError


class InvitationInvalid(DomainError):
    code = "invitation_invalid"
    status = 404
    default_message = _("This invitation link is not valid. Ask for a new one.")


class InvitationExpired(DomainError):
    code = "invitation_expired"
    status = 410
    default_message = _("This invitation has expired. Ask the organisation for a new one.")


class InvitationUsed(DomainError):
    code = "invitation_used"
    status = 410
    default_message = _("This invitation has already been used.")


class InvitationWrongUser(DomainError):
    code = "invitation_wrong_user"
    status = 403
    default_message = _("This invitation was sent to another e-mail address. Sign in with that address.")


class AlreadyMember(Conflict):
    code = "already_member"
    default_message = _("This person is already a member of the organisation.")


class LastOwner(Conflict):
    code = "last_owner"
    default_message = _("An organisation needs at least one owner. Make someone else owner first.")


class SlugTaken(Conflict):
    code = "slug_taken"
    default_message = _("This short name is already taken.")


class TwoFactorRequired(DomainError):
    """Two-factor sign-in cannot be turned off while a role of this person requires it."""

    code = "two_factor_required"
    default_message = _("An organisation requires two-factor sign-in for your role; it cannot be turned off.")


class NotAMember(DomainError):
    """A record names someone (an owner, an assignee, a post, the duty manager) who is not an active
    member of the organisation."""

    code = "not_a_member"
    status = 422
    default_message = _("Choose a member of this organisation.")


class RetentionInvalid(DomainError):
    code = "retention_invalid"
    status = 422
    default_message = _("Keep personal data from 7 to 3,650 days after a meeting.")
