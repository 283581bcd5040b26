from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.core.forms import OnceField


class ReportForm(forms.Form):
    form_key = OnceField()
    text = forms.CharField(
        label=_("status or problem"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Before the meeting it becomes a task of the project manager; on the day, an incident."),
    )  # fmt: skip
    place = forms.CharField(label=_("where"), max_length=200, required=False)
