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
        fields = ["tier", "category", "title", "location", "description", "photo", "supplier"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"photo": ImageUpload}

    def __init__(self, *args, meeting=None, **kwargs):
        from .runsheet import sheet_suppliers

        super().__init__(*args, **kwargs)
        field = self.fields["supplier"]
        field.queryset = field.queryset.filter(
            pk__in=[s.pk for s in sheet_suppliers(meeting)] if meeting else []
        )
        field.help_text = _("Counted in the supplier's service record when it was their part that failed.")


class ResolveForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["cause", "fix", "compensation", "interrupted"]
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


class SheetLineForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=None, required=False,
                                      empty_label=_("— our team —"))  # fmt: skip
    day = forms.DateField(label=_("day"), widget=DateInput())
    start = forms.TimeField(label=_("from"), widget=TimeInput())
    end = forms.TimeField(label=_("until"), widget=TimeInput())
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    task = forms.CharField(label=_("what"), max_length=300)
    person = forms.CharField(label=_("responsible"), max_length=100, required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    counterpart = forms.CharField(label=_("our counterpart"), max_length=100, required=False)
    radio = forms.CharField(label=_("radio channel"), max_length=20, required=False)

    def __init__(self, *args, meeting, **kwargs):
        from huiwu.suppliers.models import Supplier

        from .runsheet import sheet_suppliers

        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["supplier"].queryset = Supplier.objects.filter(
            pk__in=[s.pk for s in sheet_suppliers(meeting)]
        )

    @classmethod
    def initial_of(cls, line, tz) -> dict:
        start, end = line.starts_at.astimezone(tz), line.ends_at.astimezone(tz)
        return {
            "supplier": line.supplier_id, "day": start.date(), "start": start.time(), "end": end.time(),
            "place": line.place, "task": line.task, "person": line.person, "phone": line.phone,
            "counterpart": line.counterpart, "radio": line.radio,
        }  # fmt: skip

    def clean(self):
        data = super().clean()
        if all(data.get(k) is not None for k in ("day", "start", "end")):
            tz = zoneinfo.ZoneInfo(self.meeting.timezone)
            data["starts_at"] = dt.datetime.combine(data["day"], data["start"], tzinfo=tz)
            ends = dt.datetime.combine(data["day"], data["end"], tzinfo=tz)
            if ends <= data["starts_at"]:  # past midnight: the next day
                ends += dt.timedelta(days=1)
            data["ends_at"] = ends
        return data
