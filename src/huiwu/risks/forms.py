from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.clients.models import Contact
from huiwu.core.forms import CommaListField, DateInput
from huiwu.events.enums import MeetingMode, MeetingType
from huiwu.events.forms import members_of
from huiwu.orgs.access import scoped

from .models import Drill, Plan, Risk, RiskRule


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["category", "title", "likelihood", "impact", "owner", "mitigation", "review_date", "status"]
        widgets = {
            "review_date": DateInput(),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(org)


class PlanForm(forms.ModelForm):
    steps_text = forms.CharField(
        label=_("Steps"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One step per line: step | owner | minutes. For example: move the AI zone indoors | 赵强 | 15"
        ),
    )

    class Meta:
        model = Plan
        fields = ["title", "trigger", "resources", "notify"]
        widgets = {"resources": forms.Textarea(attrs={"rows": 2})}


class DrillForm(forms.ModelForm):
    class Meta:
        model = Drill
        fields = ["held_on", "participants", "findings"]
        widgets = {
            "held_on": DateInput(),
            "findings": forms.Textarea(attrs={"rows": 2}),
        }


class BackupForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Confirmed by (client contact)"), queryset=Contact.objects.none()
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        qs = scoped(Contact, meeting.org)
        self.fields["contact"].queryset = qs.filter(client=meeting.client) if meeting.client else qs.none()


class RiskRuleForm(forms.ModelForm):
    meeting_types = forms.MultipleChoiceField(
        label=_("Meeting types"),
        choices=MeetingType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: every type."),
    )
    modes = forms.MultipleChoiceField(
        label=_("Modes"),
        choices=MeetingMode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: every mode."),
    )
    months = forms.TypedMultipleChoiceField(
        label=_("Months"),
        choices=[(m, str(m)) for m in range(1, 13)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: all year."),
    )
    cities = CommaListField(
        label=_("Cities"), required=False, max_items=60, help_text=_("Empty: every city.")
    )
    when_requirement_mentions = CommaListField(
        label=_("When a requirement mentions"),
        required=False,
        help_text=_("Words such as 外宾, 户外; empty: always."),
    )

    class Meta:
        model = RiskRule
        fields = [
            "category",
            "title",
            "mitigation",
            "likelihood",
            "impact",
            "meeting_types",
            "modes",
            "months",
            "cities",
            "min_attendance",
            "when_requirement_mentions",
        ]
        widgets = {"mitigation": forms.Textarea(attrs={"rows": 2})}
