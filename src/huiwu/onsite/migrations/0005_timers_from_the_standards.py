"""The incident timers move into the service standards: an organisation's timers, as its SLA policy held
them, become its catalogue's figures (a new catalogue version, each change with its reason), so that
every incident reported after the move has the timers it would have had before."""

from django.db import migrations

from huiwu.standards.seeding import carry

REASON = "Incident timers of the on-site settings (SLA policy), moved into the service standards"


def move(apps, schema_editor):
    SlaPolicy = apps.get_model("onsite", "SlaPolicy")
    for policy in SlaPolicy.objects.all():
        m = policy.minutes or {}
        decide = m.get("important", {}).get("decide") or m.get("major", {}).get("decide")
        figures = {
            "incident.respond": m.get("general", {}).get("respond"),
            "incident.general_fixed": m.get("general", {}).get("resolve"),
            "incident.important_fixed": m.get("important", {}).get("resolve"),
            "incident.major_fixed": m.get("major", {}).get("resolve"),
            "incident.major_updates": policy.update_every,
        }
        figures = {k: v for k, v in figures.items() if v is not None}
        figures["incident.decide"] = decide  # None: the policy had no decision timer
        carry(apps, policy.org_id, figures, REASON)


class Migration(migrations.Migration):
    dependencies = [("onsite", "0004_checklists"), ("standards", "0004_important_incident_timer")]

    operations = [
        migrations.RunPython(move, migrations.RunPython.noop),
        migrations.RemoveField(model_name="slapolicy", name="minutes"),
        migrations.RemoveField(model_name="slapolicy", name="preset"),
        migrations.RemoveField(model_name="slapolicy", name="update_every"),
    ]
