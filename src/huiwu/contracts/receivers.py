"""Every organisation has its clause library and its certificate authority from the moment it exists;
an incident that a supplier's failure made interrupt the meeting proposes that contract's penalty."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from huiwu.onsite.models import Incident
from huiwu.orgs.models import Organization

from .services import seed_library
from .signing import authority


@receiver(post_save, sender=Organization, dispatch_uid="contracts.library_for_a_new_organisation")
def library_for_a_new_organisation(
    sender, instance: Organization, created: bool, raw: bool = False, **kwargs
):
    if created and not raw:
        seed_library(org=instance)
        authority(instance)


@receiver(post_save, sender=Incident, dispatch_uid="contracts.penalty_from_an_incident")
def penalty_from_an_incident(sender, instance: Incident, raw: bool = False, **kwargs):
    """An incident attributed to a supplier that interrupted the meeting: its contract's penalty proposed."""
    if not raw and instance.supplier_id and instance.interrupted:
        from .payments import incident_changed

        transaction.on_commit(lambda: incident_changed(instance))
