"""The time to resolve an important incident joins every existing catalogue (the incident timers are
read from the catalogue now)."""

from django.db import migrations

from huiwu.standards.seeding import top_up


class Migration(migrations.Migration):
    dependencies = [("standards", "0003_watched_deadline_warning")]

    operations = [migrations.RunPython(top_up, migrations.RunPython.noop)]
