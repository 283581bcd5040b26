"""Every organisation has its clause library and its certificate authority from the moment it exists."""

from django.db.models.signals import post_save
from django.dispatch import receiver

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
