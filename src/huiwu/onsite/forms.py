from django import forms

from .models import Incident


class ReportForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["tier", "category", "title", "location", "description", "photo"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ResolveForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["cause", "fix", "compensation"]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in ["cause", "fix", "compensation"]}
