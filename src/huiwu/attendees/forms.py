from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from huiwu.core.forms import CommaListField, DateTimeInput, ImageUpload, KeepsUnchangedTimes

from .enums import ConsentMethod, Diet, FieldMode, Language, Service
from .models import ASKABLE, Attendee, BadgeTemplate, Registration
from .validation import (
    clean_name,
    clean_text,
    normalise_email,
    normalise_id_number,
    normalise_mobile,
    normalise_travel_number,
)


class PeopleFieldsMixin:
    """Cleaning shared by the staff form and the public registration form."""

    def clean_name(self):
        return clean_name(self.cleaned_data.get("name", ""))

    def clean_mobile(self):
        value = self.cleaned_data.get("mobile", "")
        return normalise_mobile(value) if value else value

    def clean_email(self):
        value = self.cleaned_data.get("email", "")
        return normalise_email(value) if value else value

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "")
        return normalise_id_number(value) if value else value

    def clean_organisation(self):
        return clean_text(self.cleaned_data.get("organisation", ""), max_length=200)

    def clean_title(self):
        return clean_text(self.cleaned_data.get("title", ""), max_length=100)

    def clean_arrival_number(self):
        return normalise_travel_number(self.cleaned_data.get("arrival_number", ""))

    def clean_departure_number(self):
        return normalise_travel_number(self.cleaned_data.get("departure_number", ""))


class AttendeeForm(KeepsUnchangedTimes, PeopleFieldsMixin, forms.ModelForm):
    mobile = forms.CharField(label=_("mobile"), required=False, max_length=40)
    email = forms.CharField(label=_("e-mail"), required=False, max_length=254)
    id_number = forms.CharField(label=_("ID card number"), required=False, max_length=30)
    diets = forms.MultipleChoiceField(
        label=_("dietary needs"), choices=Diet.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    services = forms.MultipleChoiceField(
        label=_("special services"),
        choices=Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = CommaListField(label=_("tags"), required=False)

    class Meta:
        model = Attendee
        fields = [
            "name",
            "organisation",
            "title",
            "mobile",
            "email",
            "id_number",
            "category",
            "custom_category",
            "diets",
            "allergies",
            "diet_note",
            "accessibility",
            "language",
            "arrival_mode",
            "arrival_number",
            "arrival_at",
            "departure_mode",
            "departure_number",
            "departure_at",
            "hotel",
            "pickup",
            "butler",
            "services",
            "tags",
            "table_number",
            "photo",
            "note",
            "consent_scope",
            "consent_at",
            "consent_method",
        ]
        field_classes = {"photo": ImageUpload}
        widgets = {
            "arrival_at": DateTimeInput(),
            "departure_at": DateTimeInput(),
            "consent_at": DateTimeInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, org, see_personal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        from huiwu.accounts.models import User

        self.see_personal = see_personal
        self.fields["butler"].queryset = User.objects.filter(
            memberships__org=org, memberships__is_active=True
        ).order_by("name")
        self.fields["photo"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp"
        a = self.instance
        if a.pk:
            if not see_personal:
                from .services import masked

                # A role that may not see personal data cannot read it back from the form either:
                # the fields start empty, and empty keeps the stored value.
                for name in ("mobile", "email", "id_number"):
                    self.initial[name] = ""
                    current = masked(a, name)
                    if current:
                        self.fields[name].help_text = _("Now %(value)s; leave empty to keep it.") % {
                            "value": current
                        }
            else:
                self.initial["mobile"] = a.mobile
                if a.id_number_hint:
                    from .services import masked

                    self.fields["id_number"].help_text = _("Now %(value)s; leave empty to keep it.") % {
                        "value": masked(a, "id_number")
                    }

    def clean(self):
        data = super().clean()
        a = self.instance
        for name in ("mobile", "email"):
            if a.pk and not self.see_personal and not data.get(name):
                data[name] = getattr(a, name)
        if a.pk and not data.get("id_number"):
            data.pop("id_number", None)  # empty keeps the stored number
        photo = data.get("photo")
        if photo and hasattr(photo, "size") and photo.size > 5 * 1024 * 1024:
            self.add_error("photo", _("A photo of at most 5 MB."))
        return data


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["is_open", "capacity", "waitlist", "approval", "closes_at", "intro", "consent_text"]
        widgets = {
            "closes_at": DateTimeInput(),
            "intro": forms.Textarea(attrs={"rows": 3}),
        }

    FIELD_LABELS = {
        "mobile": _("mobile"),
        "email": _("e-mail"),
        "organisation": _("organisation"),
        "title": _("job title"),
        "diets": _("dietary needs"),
        "accessibility": _("accessibility needs"),
        "language": _("language"),
        "arrival": _("arrival and departure"),
        "hotel": _("hotel"),
        "id_number": _("ID card number"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ASKABLE:
            self.fields[f"ask_{name}"] = forms.ChoiceField(
                label=self.FIELD_LABELS[name], choices=FieldMode.choices, initial=self.instance.mode(name)
            )

    def clean(self):
        data = super().clean()
        if data.get("ask_mobile") == FieldMode.OFF and data.get("ask_email") == FieldMode.OFF:
            raise ValidationError(_("Ask for the mobile number or the e-mail, so people can be recognised."))
        return data

    def field_modes(self) -> dict:
        return {name: self.cleaned_data[f"ask_{name}"] for name in ASKABLE}


class PublicRegistrationForm(PeopleFieldsMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=100)

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        r = registration
        add = {
            "mobile": lambda: forms.CharField(
                label=_("mobile"),
                max_length=40,
                widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            ),
            "email": lambda: forms.CharField(
                label=_("e-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
            ),
            "organisation": lambda: forms.CharField(label=_("organisation"), max_length=200),
            "title": lambda: forms.CharField(label=_("job title"), max_length=100),
            "diets": lambda: forms.MultipleChoiceField(
                label=_("dietary needs"), choices=Diet.choices, widget=forms.CheckboxSelectMultiple
            ),
            "accessibility": lambda: forms.CharField(label=_("accessibility needs"), max_length=200),
            "language": lambda: forms.ChoiceField(label=_("language"), choices=Language.choices),
            "hotel": lambda: forms.CharField(label=_("hotel"), max_length=200),
            "id_number": lambda: forms.CharField(label=_("ID card number"), max_length=30),
        }
        for name in ASKABLE:
            mode = r.mode(name)
            if mode == FieldMode.OFF:
                continue
            if name == "arrival":
                self.fields["arrival_number"] = forms.CharField(
                    label=_("arrival flight / train"), max_length=20
                )
                self.fields["arrival_at"] = forms.DateTimeField(label=_("arrives at"), widget=DateTimeInput())
                self.fields["departure_number"] = forms.CharField(
                    label=_("departure flight / train"), max_length=20
                )
                self.fields["departure_at"] = forms.DateTimeField(
                    label=_("leaves at"), widget=DateTimeInput()
                )
                for f in ("arrival_number", "arrival_at", "departure_number", "departure_at"):
                    self.fields[f].required = mode == FieldMode.REQUIRED
                continue
            self.fields[name] = add[name]()
            self.fields[name].required = mode == FieldMode.REQUIRED
        self.fields["consent"] = forms.BooleanField(label=r.consent_wording, required=True)
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def attendee_data(self) -> dict:
        from .validation import travel_mode

        data = {k: v for k, v in self.cleaned_data.items() if k != "consent" and v not in (None, "", [])}
        for key in ("arrival", "departure"):
            if data.get(f"{key}_number"):
                data[f"{key}_mode"] = travel_mode(data[f"{key}_number"])
        return data


class ColleagueForm(PeopleFieldsMixin, forms.Form):
    name = forms.CharField(label=_("colleague's name"), max_length=100)
    mobile = forms.CharField(label=_("mobile"), max_length=40, required=False)
    email = forms.CharField(label=_("e-mail"), max_length=254, required=False)
    title = forms.CharField(label=_("job title"), max_length=100, required=False)
    consent = forms.BooleanField(label=_("My colleague agreed that I register them."), required=True)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel (.xlsx) or CSV file"))
    consent_method = forms.ChoiceField(
        label=_("How these people agreed to their data being stored"),
        choices=ConsentMethod.choices,
        initial=ConsentMethod.CLIENT,
    )
    consent_scope = forms.CharField(
        label=_("What for"),
        max_length=300,
        initial=_("Registration, reception and check-in for this meeting"),
    )

    def clean_file(self):
        from .importing import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s MB; at most %(limit)s MB can be imported. Split it into parts.")
                % {"size": upload.size // (1024 * 1024), "limit": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class BadgeTemplateForm(forms.ModelForm):
    class Meta:
        model = BadgeTemplate
        fields = ["colour", "text_colour", "role_label", "layout", "show_table"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "text_colour": forms.TextInput(attrs={"type": "color"}),
        }
