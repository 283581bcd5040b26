from django import template

from huiwu.core.audit import action_label, readable_changes

register = template.Library()


@register.filter
def audit_label(action: str):
    return action_label(action)


@register.filter
def audit_changes(entry):
    return readable_changes(entry)
