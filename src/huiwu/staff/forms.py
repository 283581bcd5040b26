"""Formats only: the staff commands own the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.core.forms import DateInput, ImageUpload

from .enums import CertificateKind
from .models import Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "member", "mobile", "working_since", "notes"]
        widgets = {"working_since": DateInput()}

    def __init__(self, *args, org, **kwargs):
        from huiwu.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = User.objects.filter(
            memberships__org=org, memberships__is_active=True
        ).distinct()
        self.fields["member"].required = False
        self.fields["name"].required = False
        self.fields["name"].help_text = _("empty for a member: the member's name")
        if self.instance.pk:
            self.initial["mobile"] = ""  # never sent back to the browser in full
            self.fields["mobile"].help_text = _("empty: keep the number on record")


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("certificate"), choices=CertificateKind.choices)
    detail = forms.CharField(label=_("detail"), max_length=100, required=False,
                             help_text=_("the vendor, or the language (English, 日语…)"))  # fmt: skip
    number = forms.CharField(label=_("number"), max_length=60, required=False)
    issuer = forms.CharField(label=_("issued by"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("issued on"), widget=DateInput())
    expires_on = forms.DateField(label=_("valid until"), widget=DateInput(), required=False,
                                 help_text=_("empty: no expiry"))  # fmt: skip
    scan = ImageUpload(label=_("scanned copy"), required=False)


class TrainingForm(forms.Form):
    course = forms.CharField(label=_("course"), max_length=200)
    hours = forms.DecimalField(label=_("hours"), max_digits=5, decimal_places=1)
    taken_on = forms.DateField(label=_("date"), widget=DateInput())
    provider = forms.CharField(label=_("given by"), max_length=100, required=False)
