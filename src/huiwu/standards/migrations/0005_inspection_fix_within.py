"""The time to fix a failed inspection item joins every existing catalogue."""

from django.db import migrations

from huiwu.standards.seeding import top_up


class Migration(migrations.Migration):
    dependencies = [("standards", "0004_important_incident_timer")]

    operations = [migrations.RunPython(top_up, migrations.RunPython.noop)]
