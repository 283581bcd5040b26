"""The agenda's thresholds move into the service standards (agenda.core_block, timing.tech_ready,
timing.speaker_rehearsal): an organisation's own, as its agenda rules held them, become its catalogue's
figures, so its agendas are checked as before."""

from django.db import migrations

from huiwu.standards.seeding import carry

REASON = "Agenda thresholds of the agenda rules, moved into the service standards"


def move(apps, schema_editor):
    AgendaRules = apps.get_model("agenda", "AgendaRules")
    for rules in AgendaRules.objects.all():
        figures = {
            "agenda.core_block": rules.max_core_block_minutes,
            "timing.tech_ready": rules.tech_ready_minutes,
            "timing.speaker_rehearsal": rules.rehearsal_minutes,
        }
        carry(apps, rules.org_id, figures, REASON)


class Migration(migrations.Migration):
    dependencies = [("agenda", "0003_proposal"), ("standards", "0006_visual_identity")]

    operations = [
        migrations.RunPython(move, migrations.RunPython.noop),
        migrations.RemoveField(model_name="agendarules", name="max_core_block_minutes"),
        migrations.RemoveField(model_name="agendarules", name="rehearsal_minutes"),
        migrations.RemoveField(model_name="agendarules", name="tech_ready_minutes"),
    ]
