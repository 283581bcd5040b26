from django import forms

from .models import Client


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["name", "industry", "size", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
