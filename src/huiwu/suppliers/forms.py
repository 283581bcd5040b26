"""Formats only: the supplier commands own the rules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.forms import CommaListField, DateInput, DateTimeInput, KeepsUnchangedTimes

from .enums import Category, Dimension, DocumentKind, Result, Review, Standing, Tier, Trial
from .models import Supplier

SCAN_TYPES = "application/pdf,image/jpeg,image/png,image/webp"
SCORE_CHOICES = [(str(n), str(n)) for n in range(5, 0, -1)]


class SupplierForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=40,
        required=False,
        help_text=_("18 characters, as on the business licence"),
    )
    categories = forms.MultipleChoiceField(
        label=_("categories"), choices=Category.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    cities = CommaListField(
        label=_("service area (cities)"), required=False, max_items=40, help_text=_("e.g. 上海, 杭州, 苏州")
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def of(cls, supplier, data=None):
        initial = {
            "name": supplier.name,
            "credit_code": supplier.credit_code,
            "categories": supplier.categories,
            "cities": supplier.cities,
            "website": supplier.website,
            "address": supplier.address,
            "notes": supplier.notes,
        }
        return cls(data, initial=initial)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    role = forms.CharField(label=_("role"), max_length=100, required=False)
    mobile = forms.CharField(label=_("mobile"), max_length=40, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    emergency = forms.BooleanField(label=_("emergency contact"), required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("title"), max_length=200, required=False)
    number = forms.CharField(label=_("number"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("issued on"), widget=DateInput(), required=False)
    expires_on = forms.DateField(
        label=_("valid until"), widget=DateInput(), required=False, help_text=_("empty: no expiry")
    )
    file = forms.FileField(
        label=_("scanned copy (PDF or image)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": SCAN_TYPES}),
    )


class CaseForm(forms.Form):
    title = forms.CharField(label=_("meeting"), max_length=200)
    client = forms.CharField(label=_("client"), max_length=200, required=False)
    year = forms.IntegerField(label=_("year"), min_value=1900, max_value=2200)
    attendance = forms.IntegerField(label=_("attendance"), min_value=1, max_value=10_000_000)
    equipment_units = forms.IntegerField(
        label=_("equipment units supplied"),
        min_value=0,
        max_value=10_000_000,
        initial=0,
        help_text=_("0 for a supplier of no equipment"),
    )
    reference = forms.CharField(
        label=_("reference"), max_length=200, required=False, help_text=_("who can confirm it")
    )


class FailureForm(forms.Form):
    happened_on = forms.DateField(label=_("date"), widget=DateInput())
    equipment = forms.CharField(label=_("equipment"), max_length=200)
    units = forms.IntegerField(label=_("units failed"), min_value=1, max_value=10_000_000, initial=1)
    case_id = forms.TypedChoiceField(label=_("case"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(label=_("what happened"), max_length=300, required=False)

    def __init__(self, *args, supplier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_id"].choices = [("", "—")] + [(c.pk, str(c)) for c in supplier.cases.all()]


class RatingForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("meeting"), queryset=None)
    incidents = forms.IntegerField(
        label=_("incidents caused"), min_value=0, max_value=10_000, required=False,
        help_text=_("Empty: the incidents attributed to the supplier on site are counted."),
    )  # fmt: skip
    comment = forms.CharField(label=_("comment"), max_length=500, required=False)

    def __init__(self, *args, org, **kwargs):
        from huiwu.events.models import Meeting

        super().__init__(*args, **kwargs)
        today: dt.date = timezone.localdate()
        self.fields["meeting"].queryset = Meeting.objects.filter(org=org, start_date__lte=today).order_by(
            "-start_date"
        )
        for value, label in Dimension.choices:
            self.fields[value] = forms.TypedChoiceField(label=label, choices=SCORE_CHOICES, coerce=int)

    def scores(self) -> dict[str, int]:
        return {d: self.cleaned_data[d] for d in Dimension.values}


class TierForm(forms.Form):
    tier = forms.ChoiceField(
        label=_("tier"), choices=[("", _("as computed")), *list(Tier.choices)], required=False
    )
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class WeightsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Dimension.choices:
            self.fields[value] = forms.IntegerField(label=label, min_value=0, max_value=100)


# --- selection for a meeting ---


class NeedForm(forms.Form):
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    title = forms.CharField(label=_("need"), max_length=200)
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, max_value=10_000_000, required=False)
    unit = forms.CharField(label=_("unit"), max_length=20, required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class QuoteRequestForm(forms.Form):
    lines = forms.CharField(
        label=_("items"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("one per line: item | quantity | unit, e.g. 同传设备（含 4 个译员间）| 2 | 天"),
    )
    answer_by = forms.DateField(label=_("answer by"), widget=DateInput(), required=False)

    def parsed(self) -> list[dict[str, str]]:
        rows = []
        for text in self.cleaned_data["lines"].splitlines():
            if not text.strip():
                continue
            parts = [p.strip() for p in text.replace("｜", "|").split("|")]
            rows.append(
                {
                    "item": parts[0],
                    "quantity": parts[1] if len(parts) > 1 else "",
                    "unit": "|".join(parts[2:]),
                }
            )
        return rows


class QuoteAnswerForm(forms.Form):
    issued_on = forms.DateField(label=_("issued on"), widget=DateInput())
    valid_until = forms.DateField(label=_("valid until"), widget=DateInput())
    notes = forms.CharField(label=_("notes"), max_length=500, required=False)

    def __init__(self, *args, quote, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(quote.lines.all())
        for line in self.lines:
            self.fields[f"price_{line.pk}"] = forms.CharField(
                label=f"{line.item} × {line.quantity.normalize():f} {line.unit}".strip(),
                max_length=20,
                help_text=_("unit price, yuan"),
            )

    def prices(self) -> list[str]:
        return [self.cleaned_data[f"price_{line.pk}"] for line in self.lines]


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(label=_("site inspection on"), widget=DateInput())
    inspection = forms.ChoiceField(label=_("site inspection"), choices=Result.choices)
    inspection_notes = forms.CharField(label=_("inspection notes"), max_length=500, required=False)


class ReviewForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("qualification review"),
        choices=Review.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class TrialForm(forms.Form):
    trial = forms.ChoiceField(label=_("on-site trial"), choices=Trial.choices)
    trial_notes = forms.CharField(
        label=_("trial notes"), max_length=500, required=False, help_text=_("when not needed: why")
    )


class ChooseForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class StandingForm(forms.Form):
    standing = forms.ChoiceField(
        label=_("standing"),
        choices=[(s.value, s.label) for s in (Standing.BACKUP, Standing.SHORTLISTED, Standing.DROPPED)],
    )


# --- the kickoff ---


class KickoffForm(KeepsUnchangedTimes, forms.Form):
    held_at = forms.DateTimeField(label=_("held at"), widget=DateTimeInput())
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("agenda"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("minutes"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    suppliers = forms.ModelMultipleChoiceField(
        label=_("suppliers attending"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    members = forms.ModelMultipleChoiceField(
        label=_("team attending"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, meeting, suppliers, **kwargs):
        from huiwu.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["suppliers"].queryset = Supplier.objects.filter(pk__in=[s.pk for s in suppliers])
        self.fields["members"].queryset = User.objects.filter(
            memberships__org=meeting.org, memberships__is_active=True
        ).distinct()


class DutyForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=None)
    text = forms.CharField(label=_("duty"), max_length=300)

    def __init__(self, *args, suppliers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.filter(pk__in=[s.pk for s in suppliers])


class ActionForm(forms.Form):
    title = forms.CharField(label=_("action item"), max_length=200)
    owner = forms.ModelChoiceField(label=_("owner"), queryset=None)
    due = forms.DateField(label=_("deadline"), widget=DateInput())

    def __init__(self, *args, meeting, **kwargs):
        from huiwu.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            memberships__org=meeting.org, memberships__is_active=True
        ).distinct()


class PortalInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("e-mail address"), help_text=_("The supplier's person who will sign in.")
    )
