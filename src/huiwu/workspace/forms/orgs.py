import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.orgs.enums import Perm, Role
from huiwu.orgs.rules import can


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PLANNER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("For example: check-in tablet, BI export")
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        empty_value=None,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("one year")), ("", _("until revoked"))],
        initial=90,
        required=False,
    )
    scopes = forms.MultipleChoiceField(
        label=_("Only these permissions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for everything your role may do. A BI export needs only the first."),
    )

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [
            (p.value, p.label) for p in Perm if membership and can(membership, p)
        ]


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    timezone = forms.ChoiceField(label=_("Time zone"))
    two_factor_required = forms.BooleanField(
        label=_("Two-factor sign-in required"),
        required=False,
        help_text=_(
            "Owners, administrators and everyone who sees personal data must use an authenticator app."
        ),
    )

    retention_days = forms.IntegerField(
        label=_("Personal data kept (days after a meeting)"),
        min_value=7,
        max_value=3650,
        help_text=_(
            "Then a daily job de-identifies the meeting's attendees: names become pseudonyms, contacts go."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(z, z) for z in sorted(zoneinfo.available_timezones())]
