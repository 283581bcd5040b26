from django import template

from huiwu.core.audit import action_label, readable_changes
from huiwu.core.text import plain_number

register = template.Library()


@register.filter
def audit_label(action: str):
    return action_label(action)


@register.filter
def audit_changes(entry):
    return readable_changes(entry)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def staff_role(role: str):
    from django.utils.translation import gettext as _

    labels = {
        "coordinator": _("chief coordinator"),
        "venue_lead": _("venue lead"),
        "tech_lead": _("tech lead"),
        "reception": _("reception"),
        "emergency": _("emergency"),
        "catering_lead": _("catering lead"),
        "check_in_guides": _("check-in guides"),
    }
    return labels.get(role, role)


@register.filter
def phone(e164: str):
    """A stored +86… number as people dial it (13800138000); others as stored."""
    from huiwu.core.text import display_mobile

    return display_mobile(e164 or "")


@register.filter
def plain(value):
    """``{{ share|plain }}``: 10.00 → 10, 2.50 → 2.5 (never 1E+1)."""
    return plain_number(value)
