"""The incident timers move into the service standards: an organisation's timers, as its SLA policy held
them, become its catalogue's figures (a new catalogue version, each change with its reason), so that
every incident reported after the move has the timers it would have had before."""

import uuid
from decimal import Decimal

from django.db import migrations

from huiwu.standards.enums import SECONDS
from huiwu.standards.records import values, variant_of
from huiwu.standards.seeding import forget

REASON = "Incident timers of the on-site settings (SLA policy), moved into the service standards"


def carry(apps, schema_editor):
    SlaPolicy = apps.get_model("onsite", "SlaPolicy")
    Catalogue = apps.get_model("standards", "Catalogue")
    Rule = apps.get_model("standards", "Rule")
    RuleChange = apps.get_model("standards", "RuleChange")
    for policy in SlaPolicy.objects.all():
        m = policy.minutes or {}
        decide = m.get("important", {}).get("decide") or m.get("major", {}).get("decide")
        wanted = {  # key: (minutes or None for "not in force")
            "incident.respond": m.get("general", {}).get("respond"),
            "incident.decide": decide,
            "incident.general_fixed": m.get("general", {}).get("resolve"),
            "incident.important_fixed": m.get("important", {}).get("resolve"),
            "incident.major_fixed": m.get("major", {}).get("resolve"),
            "incident.major_updates": policy.update_every,
        }
        rules = {r.key: r for r in Rule.objects.filter(org_id=policy.org_id, key__in=list(wanted))}
        changed = []
        for key, minutes in wanted.items():
            rule = rules.get(key)
            if rule is None or (minutes is None and key != "incident.decide"):
                continue
            before = values(rule)
            if minutes is None:
                rule.enabled = False
            else:
                rule.high = (Decimal(minutes) * 60 / Decimal(str(SECONDS[rule.unit]))).quantize(Decimal("0.0001"))
                rule.enabled = True
            rule.variant = variant_of(rule)
            if values(rule) != before:
                changed.append((rule, before))
        if not changed:
            continue
        catalogue = Catalogue.objects.get(org_id=policy.org_id)
        catalogue.version += 1
        catalogue.stamp = uuid.uuid4().hex
        catalogue.save(update_fields=["version", "stamp"])
        for rule, before in changed:
            rule.version += 1
            rule.save()
            RuleChange.objects.create(
                rule=rule, catalogue_version=catalogue.version, before=before, after=values(rule), reason=REASON
            )
        forget(policy.org_id)


class Migration(migrations.Migration):
    dependencies = [("onsite", "0004_checklists"), ("standards", "0004_important_incident_timer")]

    operations = [
        migrations.RunPython(carry, migrations.RunPython.noop),
        migrations.RemoveField(model_name="slapolicy", name="minutes"),
        migrations.RemoveField(model_name="slapolicy", name="preset"),
        migrations.RemoveField(model_name="slapolicy", name="update_every"),
    ]
