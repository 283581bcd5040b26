from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.clients.models import Client
from huiwu.orgs.access import scoped

from .models import Meeting


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "name",
            "client",
            "theme",
            "meeting_type",
            "mode",
            "stage",
            "start_date",
            "end_date",
            "city",
            "expected_attendance",
            "owner",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = scoped(Client, org)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(
            memberships__org=org, memberships__is_active=True
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before day T."))
        return data
