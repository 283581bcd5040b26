from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.core.forms import DateInput, QuickSelect
from huiwu.suppliers.enums import Standing

from .enums import DecisionKind


class BudgetForm(forms.Form):
    total = forms.CharField(label=_("total"), max_length=20, help_text=_("yuan, two decimals at most"))
    currency = forms.CharField(label=_("currency"), max_length=3, initial="CNY")
    rate = forms.CharField(label=_("rate to CNY"), max_length=20, required=False)


class LineForm(forms.Form):
    category = forms.ModelChoiceField(label=_("category"), queryset=None, widget=QuickSelect)
    name = forms.CharField(label=_("item"), max_length=200)
    quantity = forms.CharField(label=_("quantity"), max_length=14, initial="1")
    unit = forms.CharField(label=_("unit"), max_length=20, required=False)
    unit_price = forms.CharField(label=_("unit price"), max_length=20)
    tax_rate = forms.CharField(label=_("tax rate (%)"), max_length=6, initial="0")
    credit = forms.BooleanField(label=_("credit line"), required=False)
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=None, required=False, widget=QuickSelect)
    contract = forms.ModelChoiceField(label=_("contract"), queryset=None, required=False, widget=QuickSelect)
    client_price = forms.CharField(label=_("client price"), max_length=20, required=False)
    notes = forms.CharField(label=_("notes"), max_length=300, required=False)

    def __init__(self, *args, budget, **kwargs):
        from huiwu.contracts.models import Contract
        from huiwu.suppliers.models import Supplier

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = budget.categories.all()
        self.fields["supplier"].queryset = Supplier.objects.filter(org_id=budget.org_id).order_by("name")
        self.fields["contract"].queryset = Contract.objects.filter(meeting_id=budget.meeting_id).exclude(
            kind="client"
        )


class DecisionForm(forms.Form):
    line = forms.TypedChoiceField(label=_("line"), coerce=int, choices=(), widget=QuickSelect)
    kind = forms.ChoiceField(label=_("decision"), choices=DecisionKind.choices, widget=QuickSelect)
    reason = forms.CharField(label=_("reason"), max_length=500, required=False)
    amount = forms.CharField(label=_("amount"), max_length=20, required=False)
    source = forms.ModelChoiceField(
        label=_("from category"), queryset=None, required=False, widget=QuickSelect
    )
    backup = forms.ModelChoiceField(
        label=_("backup supplier"), queryset=None, required=False, widget=QuickSelect
    )

    def __init__(self, *args, budget, lines, **kwargs):
        from huiwu.suppliers.models import Candidate

        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [(ln.pk, ln.name) for ln in lines]
        self.fields["source"].queryset = budget.categories.all()
        self.fields["backup"].queryset = Candidate.objects.filter(
            need__meeting_id=budget.meeting_id, standing=Standing.BACKUP
        ).select_related("supplier", "need")
        self.fields["backup"].label_from_instance = lambda c: f"{c.supplier.name} · {c.need.title}"


class SignOffForm(forms.Form):
    notes = forms.CharField(
        label=_("notes"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevisionForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500)
    total = forms.CharField(
        label=_("new total"), max_length=20, required=False, help_text=_("empty: the total stays")
    )


class ApprovalForm(forms.Form):
    approver = forms.CharField(label=_("approved by (the client's person)"), max_length=100)
    approved_on = forms.DateField(label=_("approved on"), widget=DateInput)


class OverviewFilter(forms.Form):
    client = forms.ModelChoiceField(label=_("client"), queryset=None, required=False)
    owner = forms.ModelChoiceField(label=_("project manager"), queryset=None, required=False)
    start = forms.DateField(label=_("from"), required=False, widget=DateInput)
    end = forms.DateField(label=_("to"), required=False, widget=DateInput)

    def __init__(self, *args, org, **kwargs):
        from huiwu.accounts.models import User
        from huiwu.clients.models import Client

        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.filter(org=org).order_by("name")
        self.fields["owner"].queryset = User.objects.filter(
            memberships__org=org, memberships__is_active=True
        ).order_by("name")


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("scenario"), max_length=100)
    attendance = forms.IntegerField(label=_("attendance"), min_value=1, max_value=1_000_000)
