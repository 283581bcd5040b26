"""Form handling shared by the record pages."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .errors import DomainError


def save_form(form: forms.ModelForm, save: Callable[[dict], models.Model]) -> models.Model | None:
    """Validate ``form`` and hand its cleaned fields to ``save`` (a service call).

    Returns the saved object, or None with the errors on the form: the form's own, and those only
    the service or the model can see (uniqueness within the organisation, cross-field rules).
    """
    if not form.is_bound or not form.is_valid():
        return None
    data = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
    try:
        return save(data)
    except ValidationError as exc:
        form.add_error(None, exc)
    except DomainError as exc:
        form.add_error(None, str(exc.message))
    return None


class CommaListField(forms.CharField):
    """A list typed as "a, b, c" (Chinese commas too); blanks and repeats dropped."""

    def __init__(self, *args, max_items: int = 20, **kwargs):
        self.max_items = max_items
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value) or ""
        items = [t.strip() for t in text.replace("，", ",").replace("、", ",").split(",")]
        return list(dict.fromkeys(t for t in items if t))[: self.max_items]

    def prepare_value(self, value):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else value
