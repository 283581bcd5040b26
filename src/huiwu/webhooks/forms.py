from django import forms
from django.utils.translation import gettext_lazy as _

from .events import EVENTS


class EndpointForm(forms.Form):
    url = forms.CharField(label=_("Address (https://…)"), max_length=500)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(k, f"{k} · {v}") for k, v in EVENTS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
