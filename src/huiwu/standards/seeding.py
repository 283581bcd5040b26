"""Migrations' side of the catalogue: a figure added to ``catalogue.DEFAULTS`` joins every existing
catalogue at its next version (as ``services.seed_catalogue`` does for an organisation it meets again),
written with the migration's historical models."""

import uuid

from django.core.cache import cache


def top_up(apps, schema_editor) -> None:
    from .catalogue import DEFAULTS, SEEDED
    from .records import values

    Catalogue = apps.get_model("standards", "Catalogue")
    Rule = apps.get_model("standards", "Rule")
    RuleChange = apps.get_model("standards", "RuleChange")
    for catalogue in Catalogue.objects.all():
        have = set(Rule.objects.filter(org_id=catalogue.org_id).values_list("key", flat=True))
        missing = [d for d in DEFAULTS if d.key not in have]
        if not missing:
            continue
        catalogue.version += 1
        catalogue.stamp = uuid.uuid4().hex
        catalogue.save(update_fields=["version", "stamp"])
        for d in missing:
            rule = Rule.objects.create(org_id=catalogue.org_id, **d.fields())
            RuleChange.objects.create(
                rule=rule, catalogue_version=catalogue.version, before=None, after=values(rule), reason=SEEDED
            )
        forget(catalogue.org_id)


def forget(org_id: int) -> None:
    """Every process reads the organisation's catalogue again (``selectors``' stamp in the cache)."""
    from .selectors import stamp_key

    cache.delete(stamp_key(org_id))
