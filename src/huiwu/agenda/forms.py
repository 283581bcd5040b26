import datetime as dt

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core.forms import CommaListField, DateInput, ImageUpload, TimeInput
from huiwu.events.forms import members_of

from .enums import WindowKind
from .models import AgendaRules, Module, Session, Slot, Speaker
from .services import venue_rooms

DATE = DateInput()
TIME = TimeInput()


class SessionForm(forms.ModelForm):
    languages = CommaListField(label=_("interpretation languages"), required=False, max_length=300)
    tags = CommaListField(
        label=_("tags"),
        required=False,
        max_length=500,
        help_text=_(
            "Topic and audience, e.g. topic:AI, aud:executives. Sessions sharing a tag never overlap."
        ),
    )
    speakers = forms.ModelMultipleChoiceField(
        queryset=Speaker.objects.none(), required=False, label=_("speakers")
    )
    moderators = forms.ModelMultipleChoiceField(
        queryset=Speaker.objects.none(), required=False, label=_("moderator")
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "title_en",
            "module",
            "session_type",
            "kind",
            "duration",
            "audience",
            "room",
            "slot",
            "pinned",
            "plenary",
            "owner",
            "format",
            "languages",
            "tags",
            "description",
            "description_en",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.filter(meeting=meeting)
        self.fields["room"].queryset = self.fields["room"].queryset.filter(
            pk__in=[r.pk for r in venue_rooms(meeting)]
        )
        self.fields["slot"].queryset = Slot.objects.filter(meeting=meeting)
        self.fields["owner"].queryset = members_of(meeting.org)
        people = Speaker.objects.filter(meeting=meeting)
        self.fields["speakers"].queryset = people
        self.fields["moderators"].queryset = people
        if self.instance.pk:
            roles = list(self.instance.roles.all())
            self.initial["speakers"] = [r.speaker_id for r in roles if r.role == "speaker"]
            self.initial["moderators"] = [r.speaker_id for r in roles if r.role == "moderator"]

    def clean(self):
        data = super().clean()
        if bool(data.get("room")) != bool(data.get("slot")):
            raise forms.ValidationError(_("Choose both a room and a slot, or neither."))
        return data


def parse_windows(text: str, kind: str) -> list[tuple]:
    """Lines "2026-11-23 13:30-15:00" → (kind, date, start, end); a clear error names the bad line."""
    out = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip().replace("–", "-").replace("～", "-")
        if not line:
            continue
        try:
            day, span = line.split()
            a, b = span.split("-")
            date, start, end = dt.date.fromisoformat(day), dt.time.fromisoformat(a), dt.time.fromisoformat(b)
        except ValueError:
            raise forms.ValidationError(
                gettext("Line %(n)s: write a window as 2026-11-23 13:30-15:00.") % {"n": number}
            ) from None
        if end <= start:
            raise forms.ValidationError(
                gettext("Line %(n)s: the end must be after the start.") % {"n": number}
            )
        out.append((kind, date, start, end))
    return out


class SpeakerForm(forms.ModelForm):
    unavailable = forms.CharField(
        label=_("unavailable"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "2026-11-23 13:30-15:00"}),
        help_text=_("One window per line: day start-end."),
    )
    preferred = forms.CharField(
        label=_("preferred times"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "2026-11-23 09:00-12:00"}),
        help_text=_("One window per line: day start-end."),
    )

    class Meta:
        model = Speaker
        fields = [
            "name",
            "name_en",
            "title",
            "organisation",
            "email",
            "phone",
            "bio",
            "bio_en",
            "photo",
            "travel",
            "rehearsal_date",
            "rehearsal_start",
        ]
        field_classes = {"photo": ImageUpload}
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 3}),
            "bio_en": forms.Textarea(attrs={"rows": 3}),
            "travel": forms.Textarea(attrs={"rows": 2}),
            "rehearsal_date": DATE,
            "rehearsal_start": TIME,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for kind in (WindowKind.UNAVAILABLE, WindowKind.PREFERRED):
                self.initial[kind] = "\n".join(
                    f"{w.date:%Y-%m-%d} {w.start:%H:%M}-{w.end:%H:%M}"
                    for w in self.instance.windows.all()
                    if w.kind == kind
                )

    def clean_unavailable(self):
        return parse_windows(self.cleaned_data.get("unavailable"), WindowKind.UNAVAILABLE)

    def clean_preferred(self):
        return parse_windows(self.cleaned_data.get("preferred"), WindowKind.PREFERRED)


class SlotForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["date", "start", "duration"]
        widgets = {"date": DATE, "start": TIME}


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["kind", "name", "name_en", "owner", "format", "order"]

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(org)


class RulesForm(forms.ModelForm):
    class Meta:
        model = AgendaRules
        fields = [
            "no_adjacent_buffers",
            "comfort_percent",
            "weight_crowding",
            "weight_preference",
            "weight_change",
        ]


class HoursForm(forms.Form):
    opens = forms.TimeField(label=_("venue opens"), widget=TIME)
    closes = forms.TimeField(label=_("venue closes"), widget=TIME)

    def clean(self):
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            raise forms.ValidationError(_("The venue must close after it opens."))
        return data


class ScheduleForm(forms.Form):
    replan_all = forms.TypedChoiceField(
        label=_("what to place"),
        choices=[
            ("0", _("only the sessions not yet placed")),
            ("1", _("re-plan every session that is not pinned")),
        ],
        coerce=lambda v: v == "1",
        initial="0",
    )
    time_limit = forms.IntegerField(label=_("time limit (seconds)"), min_value=1, max_value=300, initial=20)


class FollowForm(forms.Form):
    email = forms.EmailField(label=_("e-mail"))
    sessions = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_sessions(self):
        ids = []
        for part in (self.cleaned_data.get("sessions") or "").split(","):
            if part.strip().isdecimal() and len(ids) < 500:
                ids.append(int(part))
        return ids
