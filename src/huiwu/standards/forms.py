"""The forms of the standards pages: formats only; every rule of a change is the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .catalogue import Default
from .enums import DIMENSION, Kind, Source, Unit
from .models import Rule

FIGURE = {"required": False, "max_length": 40}


def _units(rule: Rule) -> list[tuple[str, str]]:
    dimension = DIMENSION[Unit(rule.unit)]
    return [(u.value, str(u.label)) for u in Unit if DIMENSION[u] == dimension]


class RuleForm(forms.Form):
    """A rule's figure: the fields its kind has (a yes/no rule has only "in force")."""

    low = forms.CharField(label=_("minimum"), **FIGURE)
    high = forms.CharField(label=_("maximum"), **FIGURE)
    unit = forms.ChoiceField(label=_("unit"), required=False)
    enabled = forms.BooleanField(label=_("in force"), required=False)
    reason = forms.CharField(label=_("reason"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, rule: Rule):
        initial = {
            "low": "" if rule.low is None else format(rule.low.normalize(), "f"),
            "high": "" if rule.high is None else format(rule.high.normalize(), "f"),
            "unit": rule.unit,
            "enabled": rule.enabled,
            "version": rule.version,
        }
        super().__init__(data, initial=initial)
        self.fields["unit"].choices = _units(rule)
        if rule.kind in (Kind.MINIMUM, Kind.RATIO, Kind.DEADLINE):
            del self.fields["high"]
            self.fields["low"].label = _("figure")
        elif rule.kind == Kind.MAXIMUM:
            del self.fields["low"]
            self.fields["high"].label = _("figure")
        elif rule.kind == Kind.FLAG:
            del self.fields["low"], self.fields["high"], self.fields["unit"]


class VariantForm(forms.Form):
    """Take one source document's figure where the two differ."""

    variant = forms.ChoiceField(label=_("Source"))
    reason = forms.CharField(label=_("reason"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, rule: Rule, default: Default):
        super().__init__(data, initial={"variant": rule.variant, "version": rule.version})
        unit = rule.unit
        self.fields["variant"].choices = [
            (v.source, f"{Source(v.source).label}: {_figure(v.low, v.high)} {unit}") for v in default.variants
        ]


class OverrideForm(forms.Form):
    """A meeting's own figure for one rule, in the rule's unit."""

    standard = forms.ModelChoiceField(label=_("standard"), queryset=Rule.objects.none())
    low = forms.CharField(label=_("minimum"), **FIGURE)
    high = forms.CharField(label=_("maximum"), **FIGURE)
    enabled = forms.BooleanField(label=_("in force"), required=False, initial=True)
    reason = forms.CharField(label=_("reason"), max_length=500)

    def __init__(self, data=None, *, org, label):
        super().__init__(data)
        field = self.fields["standard"]
        field.queryset = Rule.objects.filter(org=org).order_by("area", "key")
        field.label_from_instance = lambda r: f"{label(r.key)} ({r.key})"


def _figure(low, high) -> str:
    parts = [format(x.normalize(), "f") for x in (low, high) if x is not None]
    return "-".join(parts)


class ColourInput(forms.TextInput):
    input_type = "color"


class IdentityForm(forms.Form):
    """The visual identity: the colours (a colour picker; ``#rrggbb``) and the signage text size."""

    primary = forms.CharField(label=_("brand colour"), max_length=7, widget=ColourInput)
    on_primary = forms.CharField(label=_("text on the brand colour"), max_length=7, widget=ColourInput)
    text = forms.CharField(label=_("text colour"), max_length=7, widget=ColourInput)
    background = forms.CharField(label=_("background colour"), max_length=7, widget=ColourInput)
    signage_font = forms.IntegerField(label=_("signage text size (pt)"), min_value=1, max_value=1000)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
