from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.accounts.models import User
from huiwu.core.forms import CommaListField, DateInput, DateTimeInput, KeepsUnchangedTimes

from .models import Client, CommunicationLog, Contact


class ClientForm(forms.ModelForm):
    tags = CommaListField(label=_("Tags"), required=False, help_text=_("Separate with commas."))

    class Meta:
        model = Client
        fields = ["name", "industry", "size", "tags", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "title", "phone", "email", "wechat"]


class CommunicationForm(KeepsUnchangedTimes, forms.ModelForm):
    follow_up = forms.CharField(
        label=_("Follow-up task"),
        max_length=200,
        required=False,
        help_text=_("Optional: becomes a task on the meeting."),
    )
    follow_up_due = forms.DateField(label=_("Follow-up due"), required=False, widget=DateInput())
    follow_up_assignee = forms.ModelChoiceField(
        label=_("Follow-up assignee"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = CommunicationLog
        fields = ["meeting", "happened_at", "channel", "participants", "notes", "outcome"]
        widgets = {
            "happened_at": DateTimeInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, client, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = client.meetings.all()
        self.fields["follow_up_assignee"].queryset = User.objects.filter(
            memberships__org=org, memberships__is_active=True
        )
