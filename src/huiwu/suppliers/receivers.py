"""The tiers follow the catalogue: a new version of an organisation's rules judges its suppliers again."""

from django.dispatch import receiver

from huiwu.standards.signals import catalogue_changed

from .services import recompute_all


@receiver(catalogue_changed, dispatch_uid="suppliers.tiers_follow_the_catalogue")
def tiers_follow_the_catalogue(sender, org_id: int, **kwargs) -> None:
    recompute_all(org_id=org_id)
