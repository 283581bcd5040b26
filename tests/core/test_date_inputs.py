"""Every date, time and datetime input renders the ISO value a browser's picker takes, whatever the
language, and a time sent back as shown keeps its stored value."""

import ast
import datetime as dt
import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

import huiwu
from huiwu.core.forms import DateInput, DateTimeInput, KeepsUnchangedTimes, TimeInput

pytestmark = pytest.mark.unit

SRC = Path(huiwu.__file__).parent
OURS = {forms.DateField: DateInput, forms.TimeField: TimeInput, forms.DateTimeField: DateTimeInput}


def _form_classes():
    for info in pkgutil.walk_packages(huiwu.__path__, "huiwu."):
        if info.name.rsplit(".", 1)[-1] == "forms":
            importlib.import_module(info.name)
    todo, seen = [forms.BaseForm], set()
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.startswith("huiwu.")]


def test_every_declared_date_field_uses_an_iso_widget():
    wrong = []
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            for kind, widget in OURS.items():
                if type(field) is kind and not isinstance(field.widget, widget):
                    wrong.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert wrong == []


def test_date_fields_made_in_code_name_their_widget():
    """Fields made in a form's __init__ are not in base_fields: every such call names its widget, and
    no code builds Django's own date widgets (which render the language's display format)."""
    wrong = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "core" / "forms.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            name = node.func.attr
            if name in {"DateInput", "TimeInput", "DateTimeInput", "SplitDateTimeWidget"}:
                wrong.append(f"{path.relative_to(SRC)}:{node.lineno} {name}")
            made_here = isinstance(node.func.value, ast.Name) and node.func.value.id == "forms"
            named = any(k.arg == "widget" for k in node.keywords)
            if name in {"DateField", "TimeField", "DateTimeField"} and made_here and not named:
                wrong.append(f"{path.relative_to(SRC)}:{node.lineno} {name} without widget")
    assert wrong == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_widgets_render_iso_in_every_language(language):
    with translation.override(language):
        date_html = DateInput().render("d", dt.date(2026, 12, 10))
        time_html = TimeInput().render("t", dt.time(9, 5, 30))
        stamp_html = DateTimeInput().render("s", dt.datetime(2026, 12, 10, 9, 5))  # noqa: DTZ001
    assert 'type="date"' in date_html and 'value="2026-12-10"' in date_html
    assert 'type="time"' in time_html and 'value="09:05"' in time_html
    assert 'type="datetime-local"' in stamp_html and 'value="2026-12-10T09:05"' in stamp_html


class _Stamped(KeepsUnchangedTimes, forms.Form):
    at = forms.DateTimeField(widget=DateTimeInput())
    starts = forms.TimeField(widget=TimeInput())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_time_sent_back_as_shown_keeps_its_seconds(language, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    stored = dt.datetime(2026, 12, 10, 1, 14, 37, 500000, tzinfo=dt.UTC)
    initial = {"at": stored, "starts": dt.time(9, 0, 30)}
    with translation.override(language):
        shown = _Stamped(initial=initial)
        data = {"at": shown["at"].value(), "starts": shown["starts"].value()}
        data = {k: shown[k].field.widget.format_value(v) for k, v in data.items()}
        assert data == {"at": "2026-12-10T09:14", "starts": "09:00"}
        same = _Stamped(data=data, initial=initial)
        assert same.is_valid(), same.errors
        assert same.cleaned_data == initial
        moved = _Stamped(data={**data, "at": "2026-12-10T09:20"}, initial=initial)
        assert moved.is_valid()
        assert moved.cleaned_data["at"] == dt.datetime(2026, 12, 10, 1, 20, tzinfo=dt.UTC)
