from django import forms
from django.utils.translation import gettext_lazy as _

from huiwu.core.forms import CommaListField
from huiwu.orgs.access import scoped

from .enums import Dimension
from .models import Evaluation, Room, Venue, VenueFile


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = [
            "name",
            "city",
            "address",
            "contact_name",
            "contact_phone",
            "airport_minutes",
            "rail_minutes",
            "step_free",
            "lifts",
            "accessible_toilets",
            "indoor_backup",
            "atmosphere",
            "day_rate",
            "overtime_per_hour",
            "cleaning_fee",
            "power_fee",
            "build_up_days",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class RoomForm(forms.ModelForm):
    interpretation_languages = CommaListField(
        max_items=12,
        label=_("Interpretation languages"),
        required=False,
        help_text=_("Separate with commas, e.g. 中文, English, 日本語"),
    )

    class Meta:
        model = Room
        fields = [
            "name",
            "area",
            "ceiling_height",
            "theatre",
            "classroom",
            "banquet",
            "u_shape",
            "reception",
            "projector_lumens",
            "projector_4k",
            "sound_radius_m",
            "wired_mics",
            "wireless_mics",
            "interpretation_booths",
            "interpretation_languages",
            "bandwidth_mbps",
            "network_redundant",
            "led_screen",
        ]


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["room", "layout", "atmosphere_score", "overtime_hours"]

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(venue__in=scoped(Venue, org)).select_related(
            "venue"
        )


class ChoiceForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the choice"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class WeightsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Dimension.choices:
            self.fields[value] = forms.IntegerField(label=label, min_value=0, max_value=100)


class VenueFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VenueFile.Kind.choices)
    file = forms.FileField(label=_("Image"))


class SizingForm(forms.Form):
    """The assumptions of the check-in estimate, adjustable on the page (the standards' by default)."""

    peak_share = forms.IntegerField(label=_("Arriving in the peak (%)"), min_value=10, max_value=100)
    peak_minutes = forms.IntegerField(label=_("Peak window (minutes)"), min_value=5, max_value=180)
    scan_seconds = forms.IntegerField(label=_("Seconds per check-in"), min_value=3, max_value=600)

    def __init__(self, data, *, figures):
        super().__init__(
            data,
            initial={
                "peak_share": round(figures.peak_share * 100),
                "peak_minutes": round(figures.peak_minutes),
                "scan_seconds": round(figures.scan_seconds),
            },
        )
