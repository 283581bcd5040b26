from django import forms
from django.utils.translation import gettext_lazy as _


class BudgetForm(forms.Form):
    total = forms.CharField(label=_("total"), max_length=20, help_text=_("yuan, two decimals at most"))
    currency = forms.CharField(label=_("currency"), max_length=3, initial="CNY")
    rate = forms.CharField(label=_("rate to CNY"), max_length=20, required=False)


class LineForm(forms.Form):
    category = forms.ModelChoiceField(label=_("category"), queryset=None)
    name = forms.CharField(label=_("item"), max_length=200)
    quantity = forms.CharField(label=_("quantity"), max_length=14, initial="1")
    unit = forms.CharField(label=_("unit"), max_length=20, required=False)
    unit_price = forms.CharField(label=_("unit price"), max_length=20)
    tax_rate = forms.CharField(label=_("tax rate (%)"), max_length=6, initial="0")
    credit = forms.BooleanField(label=_("credit line"), required=False)
    contract = forms.ModelChoiceField(label=_("contract"), queryset=None, required=False)
    client_price = forms.CharField(label=_("client price"), max_length=20, required=False)
    notes = forms.CharField(label=_("notes"), max_length=300, required=False)

    def __init__(self, *args, budget, **kwargs):
        from huiwu.contracts.models import Contract

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = budget.categories.all()
        self.fields["contract"].queryset = Contract.objects.filter(meeting_id=budget.meeting_id).exclude(
            kind="client"
        )
