from django import forms
from django.utils.translation import gettext_lazy as _


class ItemForm(forms.Form):
    """One item checked on a phone: the value (or yes/no), the note, photos; the version seen."""

    value = forms.CharField(label=_("measured"), required=False, max_length=40)
    answer = forms.TypedChoiceField(
        label=_("yes/no"),
        required=False,
        choices=[("", "—"), ("yes", _("yes")), ("no", _("no"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
