"""Organisations made before the catalogue existed get theirs from DOMAIN.md."""

import uuid

from django.db import migrations


from huiwu.standards.catalogue import SEEDED
from huiwu.standards.records import values


def seed(apps, schema_editor):
    from huiwu.standards.catalogue import DEFAULTS

    Organization = apps.get_model("orgs", "Organization")
    Catalogue = apps.get_model("standards", "Catalogue")
    Rule = apps.get_model("standards", "Rule")
    RuleChange = apps.get_model("standards", "RuleChange")
    for org in Organization.objects.filter(standards__isnull=True):
        Catalogue.objects.create(org=org, version=1, stamp=uuid.uuid4().hex)
        for d in DEFAULTS:
            rule = Rule.objects.create(org=org, **d.fields())
            RuleChange.objects.create(
                rule=rule, catalogue_version=1, before=None, after=values(rule), reason=SEEDED
            )


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_catalogue"), ("orgs", "0003_token_expiry_scopes_two_factor")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
