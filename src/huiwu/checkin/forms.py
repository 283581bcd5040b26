import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.attendees.enums import Category

from .models import Gate


class GateForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("only these categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: everyone."),
    )
    days = forms.MultipleChoiceField(
        label=_("only these days"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every day."),
    )  # fmt: skip

    class Meta:
        model = Gate
        fields = ["name", "kind", "direction", "categories", "days", "is_active"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        span = (meeting.end_date - meeting.start_date).days + 1
        self.fields["days"].choices = [
            ((meeting.start_date + dt.timedelta(days=i)).isoformat(),) * 2
            for i in range(max(1, min(span, 31)))
        ]
