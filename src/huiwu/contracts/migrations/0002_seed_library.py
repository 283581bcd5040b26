"""Every existing organisation gets the clause library new ones get (``services.seed_library``)."""

from django.db import migrations


def seed(apps, schema_editor):
    from huiwu.contracts import seeds

    Organization = apps.get_model("orgs", "Organization")
    Clause = apps.get_model("contracts", "Clause")
    ClauseVersion = apps.get_model("contracts", "ClauseVersion")
    Template = apps.get_model("contracts", "Template")
    TemplateClause = apps.get_model("contracts", "TemplateClause")
    for org in Organization.objects.all():
        have = set(Clause.objects.filter(org=org).values_list("key", flat=True))
        for key, kind, topic, title, text in seeds.CLAUSES:
            if key not in have:
                clause = Clause.objects.create(org=org, key=key, kind=kind, topic=topic, title=title, text=text)
                ClauseVersion.objects.create(clause=clause, number=1, title=title, text=text)
        by_key = {c.key: c for c in Clause.objects.filter(org=org)}
        for kind, name, keys in seeds.TEMPLATES:
            template, created = Template.objects.get_or_create(org=org, name=name, defaults={"kind": kind})
            if created:
                for i, k in enumerate(keys):
                    TemplateClause.objects.create(template=template, clause=by_key[k], position=i)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial"), ("orgs", "0003_token_expiry_scopes_two_factor")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
