import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.accounts.models import User
from huiwu.clients.models import Client, Contact
from huiwu.core.forms import DateInput, OnceField, TimeInput
from huiwu.orgs.access import scoped

from .enums import MeetingType, Stage
from .models import KPI, Meeting, RequirementItem, Task, TemplateTask
from .models.survey import AgeBand, ProfileResponse
from .services.playbook import TEMPLATE_TASK_FIELDS


def members_of(org):
    return User.objects.filter(memberships__org=org, memberships__is_active=True).order_by("name")


class MeetingForm(forms.ModelForm):
    form_key = OnceField()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

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
            "start_time",
            "end_time",
            "timezone",
            "city",
            "expected_attendance",
            "budget_min",
            "budget_max",
            "owner",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["client"].queryset = scoped(Client, org)
        self.fields["owner"].queryset = members_of(org)
        self.fields["timezone"] = forms.ChoiceField(
            label=_("Time zone"),
            choices=[(z, z) for z in sorted(zoneinfo.available_timezones())],
            initial="Asia/Shanghai",
            required=False,
        )
        for name in ("start_time", "end_time"):
            self.fields[name].required = False
        if self.instance.pk:
            # The stage moves through the gate, not through this form.
            del self.fields["stage"]

    def clean(self):
        data = super().clean()
        for name in ("start_time", "end_time", "timezone"):  # left empty: the usual values
            if not data.get(name) and name not in self.errors:
                data[name] = Meeting._meta.get_field(name).default
        # the order of the days and of the budget range is the model's rule (Meeting.clean)
        for name in ("budget_min", "budget_max"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("A budget cannot be negative."))
        return data


class KPIForm(forms.ModelForm):
    class Meta:
        model = KPI
        fields = ["kind", "name", "target", "unit", "measured_by"]

    def clean_target(self):
        value = self.cleaned_data["target"]
        if value < 0:
            raise forms.ValidationError(_("A target cannot be negative."))
        return value


class RequirementForm(forms.ModelForm):
    class Meta:
        model = RequirementItem
        fields = ["dimension", "title", "priority", "requested_by", "detail"]
        widgets = {"detail": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        qs = scoped(Contact, meeting.org)
        self.fields["requested_by"].queryset = (
            qs.filter(client=meeting.client) if meeting.client else qs.none()
        )


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "assignee", "status", "deliverable"]

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members_of(org)


class RescheduleForm(forms.Form):
    due = forms.DateField(label=_("New due date"), widget=DateInput())


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class StageForm(forms.Form):
    to_stage = forms.TypedChoiceField(label=_("Move to"), choices=Stage.choices, coerce=int)
    reason = forms.CharField(
        label=_("Reason for going ahead with items missing"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApprovalForm(forms.Form):
    approved_by = forms.ModelChoiceField(
        label=_("Approved by (client contact)"), queryset=Contact.objects.none()
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        qs = scoped(Contact, meeting.org)
        self.fields["approved_by"].queryset = (
            qs.filter(client=meeting.client) if meeting.client else qs.none()
        )


class SurveySettingsForm(forms.Form):
    interests = forms.CharField(
        label=_("Interest options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One topic per line."),
    )
    is_open = forms.BooleanField(label=_("Accepting answers"), required=False)

    def clean_interests(self):
        return self.cleaned_data["interests"].splitlines()  # one option per line; the rules are the service's


class ProfileAnswerForm(forms.ModelForm):
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeBand.choices, widget=forms.RadioSelect)
    interests = forms.MultipleChoiceField(
        label=_("Topics you are interested in"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ProfileResponse
        fields = ["age_band", "industry", "role", "interests", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].choices = [(i, i) for i in survey.interests]


class PipelineFilterForm(forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none(), required=False)
    meeting_type = forms.ChoiceField(
        label=_("Type"), choices=[("", "—"), *MeetingType.choices], required=False
    )
    owner = forms.ModelChoiceField(label=_("Project manager"), queryset=User.objects.none(), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = scoped(Client, org)
        self.fields["owner"].queryset = members_of(org)


class TemplateTaskForm(forms.ModelForm):
    checklist = forms.CharField(
        label=_("Checklist"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line."),
    )

    class Meta:
        model = TemplateTask
        fields = [*TEMPLATE_TASK_FIELDS, "depends_on"]
        widgets = {"depends_on": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, template, **kwargs):
        super().__init__(*args, **kwargs)
        qs = template.tasks.all()
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["depends_on"].queryset = qs
        self.fields["depends_on"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["checklist"] = "\n".join(self.instance.checklist)

    def clean_checklist(self):
        lines = [line.strip() for line in self.cleaned_data["checklist"].splitlines()]
        return [line[:200] for line in lines if line][:30]

    def clean_offset(self):
        value = self.cleaned_data["offset"]
        if abs(value) > 400 * 24 * 60:
            raise forms.ValidationError(_("That offset is too far from day T."))
        return value


class CopyPlaybookForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    meeting_type = forms.ChoiceField(label=_("For meeting type"), choices=MeetingType.choices)
