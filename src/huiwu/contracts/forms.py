from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.core.forms import DateInput

from .enums import ClauseKind, ContractKind, Topic


class ClauseForm(forms.Form):
    key = forms.SlugField(
        label=_("short name"), max_length=60, help_text=_("letters, digits, hyphens; kept once made")
    )
    title = forms.CharField(label=_("title"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=ClauseKind.choices)
    topic = forms.ChoiceField(label=_("topic"), choices=Topic.choices)
    text = forms.CharField(
        label=_("text"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Variables are written {{ meeting.name }}: see the list beside."),
    )
    reason = forms.CharField(label=_("reason for the change"), max_length=300, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["key"]


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ContractKind.choices)
    name = forms.CharField(label=_("name"), max_length=200)

    def __init__(self, *args, clauses, chosen: dict[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.clauses = list(clauses)
        for c in self.clauses:
            self.fields[f"at_{c.pk}"] = forms.IntegerField(
                label=c.title,
                min_value=1,
                max_value=99,
                required=False,
                initial=(chosen or {}).get(c.pk),
                help_text=_("position; empty: not in the template"),
            )

    def ordered(self) -> list:
        at = {c: self.cleaned_data.get(f"at_{c.pk}") for c in self.clauses}
        return [c for c, n in sorted(((c, n) for c, n in at.items() if n), key=lambda x: (x[1], x[0].pk))]


class DraftForm(forms.Form):
    template = forms.ModelChoiceField(label=_("template"), queryset=None)
    party = forms.ChoiceField(label=_("with"))
    total = forms.CharField(
        label=_("amount (yuan)"),
        max_length=20,
        required=False,
        help_text=_("for the client agreement; a supplier's comes from its accepted quote"),
    )

    def __init__(self, *args, org, parties, **kwargs):
        from .models import Template

        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = Template.objects.filter(org=org)
        self.fields["party"].choices = parties


class ContractTextForm(forms.Form):
    reason = forms.CharField(label=_("reason for the change"), max_length=300, required=False)

    def __init__(self, *args, clauses, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(clauses)
        for n, c in enumerate(self.rows):
            self.fields[f"title_{n}"] = forms.CharField(label=_("title"), max_length=200, initial=c.title)
            self.fields[f"text_{n}"] = forms.CharField(
                label=c.title, max_length=10000, initial=c.text, widget=forms.Textarea(attrs={"rows": 3})
            )

    def texts(self) -> list:
        from .drafting import ClauseText

        return [
            ClauseText(self.cleaned_data[f"title_{n}"], self.cleaned_data[f"text_{n}"])
            for n in range(len(self.rows))
        ]


class SendForm(forms.Form):
    signatory = forms.ModelChoiceField(label=_("the agency's signatory"), queryset=None)
    party = forms.ChoiceField(label=_("the counterparty's signer"))

    def __init__(self, *args, contract, **kwargs):
        from huiwu.accounts.models import User
        from huiwu.clients.models import Contact
        from huiwu.orgs.enums import Perm
        from huiwu.orgs.selectors import members_with
        from huiwu.suppliers.models import PortalUser

        super().__init__(*args, **kwargs)
        ids = [u.pk for u in members_with(contract.org, Perm.EDIT_FINANCE)]
        self.fields["signatory"].queryset = User.objects.filter(pk__in=ids).order_by("name")
        if contract.supplier_id:
            people = PortalUser.objects.filter(supplier_id=contract.supplier_id, revoked_at__isnull=True)
            choices = [
                (f"u{p.user_id}", f"{p.user.name} <{p.user.email}>") for p in people.select_related("user")
            ]
        else:
            contacts = Contact.objects.filter(client_id=contract.client_id).exclude(email="")
            choices = [(f"c{c.pk}", f"{c.name} <{c.email}>") for c in contacts]
        self.fields["party"].choices = choices
        self.fields["party"].help_text = (
            _("one of the supplier's portal people: invite them from the supplier's page")
            if contract.supplier_id
            else _("one of the client's contacts with an e-mail address: the signing link goes there")
        )


class PaperForm(forms.Form):
    scan = forms.FileField(label=_("scanned copy"), help_text=_("PDF, JPEG or PNG, at most 20 MB"))
    signed_on = forms.DateField(label=_("signed on"), widget=DateInput())


class CheckForm(forms.Form):
    file = forms.FileField(label=_("a signed PDF of this contract"))
