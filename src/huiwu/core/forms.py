"""Form handling shared by the record pages: saving through a service, list fields, and the date and
time inputs every form uses."""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models

from . import uploads
from .errors import DomainError

T = TypeVar("T")


def save_form(form: forms.ModelForm, save: Callable[[dict], models.Model]) -> models.Model | None:
    """Validate ``form`` and hand its cleaned fields to ``save`` (a service call).

    Returns the saved object, or None with the errors on the form: the form's own, and those only
    the service or the model can see (uniqueness within the organisation, cross-field rules).
    """
    if not form.is_bound or not form.is_valid():
        return None
    data = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
    return submit(form, lambda: save(data))


def submit(form: forms.BaseForm, command: Callable[[], T]) -> T | None:
    """Run a service command for a valid form: its result, or None with its refusal on the form
    (a ValidationError at the fields it names, a DomainError at ``details["field"]`` or above)."""
    try:
        return command()
    except ValidationError as exc:
        add_errors(form, exc)
    except DomainError as exc:
        add_domain_error(form, exc)
    return None


def add_domain_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Show a service's DomainError on the form: at the field its ``details`` name, else above."""
    field = exc.details.get("field")
    form.add_error(field if field in form.fields else None, str(exc.message))


def refusal(exc: DomainError | ValidationError) -> str:
    """What a page tells the user when a service refuses (a message above the page, no form)."""
    if isinstance(exc, DomainError):
        return str(exc.message)
    return " ".join(str(m) for m in exc.messages)


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: at its field when the form has it, else above."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


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


# --- Dates and times --------------------------------------------------------------------------
# A browser's <input type="date|time|datetime-local"> takes only ISO values (yyyy-mm-dd, HH:MM,
# yyyy-mm-ddTHH:MM) and shows anything else as empty: Django would render the language's display
# format (2026/12/10 in zh-hans), so a page saved unchanged lost its dates. These widgets always
# render ISO; parsing still accepts the language's formats too.
ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_TIME)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATETIME)


class KeepsUnchangedTimes:
    """A form mixin: a time shown to the minute and sent back as shown keeps its stored value.

    Without it, saving a record unchanged would cut the seconds off a time recorded by the system
    (a consent given at 09:14:37.5 became 09:14:00)."""

    def _post_clean(self):
        for name, field in self.fields.items():
            if name not in self.cleaned_data or name not in self.initial:
                continue
            if isinstance(field.widget, TimeInput | DateTimeInput):
                bound = self[name]
                shown = field.widget.format_value(field.prepare_value(bound.initial))
                if bound.data == shown:
                    self.cleaned_data[name] = self.initial[name]
        super()._post_clean()


class ImageUpload(forms.FileField):
    """An image upload checked by its content (core/uploads.py), whatever its name: a PNG named
    ``photo.html`` is a PNG, stored as ``<random>.png``; a page named ``photo.png`` is refused."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("accept", "image/jpeg,image/png,image/webp")
        return attrs

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            try:
                uploads.accept_image(value)
            except DomainError as exc:
                raise ValidationError(str(exc.message), code=exc.code) from exc
        return value


class OnceField(forms.CharField):
    """A hidden key made when the form is drawn: the same form sent twice (a double click) creates
    one record (core/idempotency.py)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("initial", lambda: uuid.uuid4().hex)
        super().__init__(**kwargs)


class QuickSelect(forms.Select):
    """A select whose options are written here rather than by a template each: Django's widget
    templates cost about half a millisecond per option, which a select of hundreds of lines or
    contracts pays on every page. The same markup: name, attributes, option groups, selected."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html
        from django.utils.safestring import mark_safe

        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            for option in options:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        option["value"],
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308  (each part escaped by format_html)
