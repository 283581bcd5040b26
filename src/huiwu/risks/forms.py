from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.clients.models import Contact
from huiwu.events.forms import members_of
from huiwu.orgs.access import scoped

from .models import Drill, Plan, Risk


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["category", "title", "likelihood", "impact", "owner", "mitigation", "review_date", "status"]
        widgets = {
            "review_date": forms.DateInput(attrs={"type": "date"}),
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
            "held_on": forms.DateInput(attrs={"type": "date"}),
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
