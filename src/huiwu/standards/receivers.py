"""Every organisation has its catalogue of standards from the moment it exists; the playbook's deadlines
that are standards are taken from it."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from huiwu.events.signals import playbook_figures
from huiwu.orgs.models import Organization

from .enums import Anchor, Unit
from .selectors import Standard, standards
from .services import seed_catalogue


@receiver(post_save, sender=Organization, dispatch_uid="standards.catalogue_for_a_new_organisation")
def catalogue_for_a_new_organisation(
    sender, instance: Organization, created: bool, raw: bool = False, **kwargs
):
    if created and not raw:
        seed_catalogue(org=instance)


def offset(rule: Standard) -> tuple[int, str]:
    """A deadline of the catalogue as a playbook offset: days, working days, else minutes; negative
    before T or before the day's start, positive after the end."""
    sign = 1 if rule.anchor == Anchor.AFTER_END else -1
    if rule.unit == Unit.WORKING_DAY:
        return sign * round(rule.figure), "workdays"
    if rule.unit == Unit.DAY and rule.figure == int(rule.figure):
        return sign * int(rule.figure), "days"
    return sign * round(rule.minutes()), "minutes"


@receiver(playbook_figures, dispatch_uid="standards.playbook_figures")
def playbook_offsets(sender, *, org: Organization, keys: list[str], **kwargs) -> dict[str, tuple[int, str]]:
    rules = standards(org)
    return {key: offset(rules[key]) for key in keys}
