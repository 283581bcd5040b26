"""A figure added to the defaults joins every existing catalogue at its next version (as
``services.seed_catalogue`` does for an organisation it meets again): here the warning before a
watched deadline."""

import uuid

from django.core.cache import cache
from django.db import migrations


def top_up(apps, schema_editor):
    from huiwu.standards.catalogue import DEFAULTS

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
            after = {
                "low": None if d.low is None else format(d.low.normalize(), "f"),
                "high": None if d.high is None else format(d.high.normalize(), "f"),
                "unit": d.unit,
                "enabled": True,
                "variant": rule.variant,
            }
            RuleChange.objects.create(
                rule=rule, catalogue_version=catalogue.version, before=None, after=after, reason="DOMAIN.md"
            )
        cache.delete(f"standards:stamp:{catalogue.org_id}")  # every process reads the catalogue again


class Migration(migrations.Migration):
    dependencies = [("standards", "0002_catalogues_of_existing_organisations")]

    operations = [migrations.RunPython(top_up, migrations.RunPython.noop)]
