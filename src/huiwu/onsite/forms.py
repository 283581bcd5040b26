import datetime as dt
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.core.forms import DateInput, ImageUpload, OnceField, TimeInput

from .models import Incident, Post


class ReportForm(forms.ModelForm):
    form_key = OnceField()

    class Meta:
        model = Incident
        fields = ["tier", "category", "title", "location", "description", "photo"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"photo": ImageUpload}


class ResolveForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["cause", "fix", "compensation"]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in ["cause", "fix", "compensation"]}


class CueForm(forms.Form):
    title = forms.CharField(label=_("cue"), max_length=200)
    day = forms.DateField(label=_("day"), widget=DateInput())
    start = forms.TimeField(label=_("start"), widget=TimeInput())
    end = forms.TimeField(label=_("end"), widget=TimeInput())
    room = forms.ModelChoiceField(label=_("room"), queryset=None, required=False)
    responsible = forms.ModelChoiceField(label=_("responsible"), queryset=None, required=False)
    speaker = forms.CharField(label=_("speaker"), max_length=200, required=False)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    remind_before = forms.IntegerField(
        label=_("remind (minutes before)"), min_value=0, max_value=120, initial=5
    )

    def __init__(self, *args, meeting, **kwargs):
        from huiwu.accounts.models import User
        from huiwu.venues.models import Room

        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["room"].queryset = Room.objects.filter(venue__org=meeting.org).select_related("venue")
        self.fields["responsible"].queryset = User.objects.filter(
            memberships__org=meeting.org, memberships__is_active=True
        ).distinct()

    def clean(self):
        data = super().clean()
        if all(data.get(k) is not None for k in ("day", "start", "end")):
            tz = zoneinfo.ZoneInfo(self.meeting.timezone)
            data["start"] = dt.datetime.combine(data["day"], data["start"], tzinfo=tz)
            data["end"] = dt.datetime.combine(data["day"], data["end"], tzinfo=tz)
        return data


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["role", "title", "member", "crew", "person", "phone", "radio", "shift_start", "shift_end",
                  "notes", "unqualified_reason"]  # fmt: skip
        widgets = {"shift_start": TimeInput(), "shift_end": TimeInput()}

    def __init__(self, *args, meeting, **kwargs):
        from huiwu.accounts.models import User
        from huiwu.staff.models import Person

        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = User.objects.filter(
            memberships__org=meeting.org, memberships__is_active=True
        ).distinct()
        self.fields["member"].required = False
        self.fields["crew"].queryset = Person.objects.filter(org=meeting.org)
        self.fields["crew"].required = False
        self.fields["unqualified_reason"].help_text = _(
            "Only when the organisation allows someone without the post's qualifications"
        )


class DutyManagerForm(forms.Form):
    """The member the second escalation of an incident tells."""

    duty_manager = forms.ModelChoiceField(label=_("duty manager"), queryset=None, required=False)

    def __init__(self, *args, org, current, **kwargs):
        from huiwu.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["duty_manager"].queryset = User.objects.filter(
            memberships__org=org, memberships__is_active=True
        ).distinct()
        self.initial.setdefault("duty_manager", getattr(current, "pk", None))
