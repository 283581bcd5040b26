"""The warning before a watched deadline joins every existing catalogue."""

from django.db import migrations

from huiwu.standards.seeding import top_up


class Migration(migrations.Migration):
    dependencies = [("standards", "0002_catalogues_of_existing_organisations")]

    operations = [migrations.RunPython(top_up, migrations.RunPython.noop)]
